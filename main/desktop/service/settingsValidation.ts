import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import type { FieldError } from '../../../shared/ipc/contract.ts'
import {
  CHANNEL_SETTINGS,
  type DesktopSettings,
  desktopSettingsSchema,
  type SecretName,
} from '../../../shared/settings/desktopSettings.ts'
import { checkSettingsFields } from '../../../shared/settingsFields.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { loadRules } from '../../core/rules/loadRules.ts'

/**
 * Everything wrong with the settings as they would be saved, each problem on its field: the
 * fields (with the secrets as typed), the file's schema, and what the choices need (`saved`: which
 * secrets the vault will hold).
 */
export function settingsErrors(
  settings: DesktopSettings,
  saved: Record<SecretName, boolean>,
  typed: Partial<Record<SecretName, string>>,
): FieldError[] {
  const errors = checkSettingsFields({ ...settings, ...typed })
  const parsed = desktopSettingsSchema.safeParse(settings)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'settings')
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message })
    }
  }
  const wrong = (field: string) => errors.some((e) => e.field === field)
  if (settings.warehouseUrl && !wrong('warehouseUrl') && !wrong('salesforceInstanceUrl')) {
    // Outside the demo Moments must know whose accounts to keep: the ownership filter.
    if (!settings.salesforceInstanceUrl) {
      add(
        errors,
        'salesforceInstanceUrl',
        'Enter your Salesforce address: Moments shows only the accounts you own',
      )
    } else if (!saved.salesforceAccessToken) {
      add(
        errors,
        'salesforceAccessToken',
        'Sign in to Salesforce (or paste an access token) to use your warehouse',
      )
    }
  }
  for (const channel of CHANNEL_SETTINGS) {
    for (const missing of channel.missingSecrets(settings, saved)) add(errors, missing.field, missing.message)
  }
  if (settings.rulesPath) errors.push(...rulesFileErrors(settings.rulesPath).errors)
  return errors
}

function add(errors: FieldError[], field: string, message: string): void {
  if (!errors.some((e) => e.field === field)) errors.push({ field, message })
}

/** `~/rules.yaml` → the home directory's; a relative path is refused (relative to what?). */
export function expandRulesPath(path: string): string {
  const trimmed = path.trim()
  if (trimmed === '~' || trimmed.startsWith('~/')) return join(homedir(), trimmed.slice(1))
  return trimmed
}

/** Loads the rules file as the core would; each problem with its rule id and reason. */
export function rulesFileErrors(path: string): { errors: FieldError[]; count: number } {
  const file = expandRulesPath(path)
  if (!isAbsolute(file)) {
    return { count: 0, errors: [{ field: 'rulesPath', message: 'Give the full path of the rules file' }] }
  }
  try {
    return { errors: [], count: loadRules({ kind: 'file', path: file }).length }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return { count: 0, errors: error.problems.map((problem) => ruleProblem(problem, file)) }
  }
}

/** `/x/rules.yaml: rule "code-test": when: Unexpected token` → rule id + reason. */
function ruleProblem(problem: string, file: string): FieldError {
  const text = problem.startsWith(`${file}: `) ? problem.slice(file.length + 2) : problem
  const rule = /^rule (?:"(.+?)"|(#\d+)): ([\s\S]*)$/.exec(text)
  if (rule) return { field: 'rulesPath', ruleId: rule[1] ?? rule[2], message: rule[3] ?? text }
  const unreadable = /^rules: cannot read rules file .*?: ([^:]+)$/.exec(text)
  if (unreadable) return { field: 'rulesPath', message: `Cannot read this file: ${unreadable[1]}` }
  return { field: 'rulesPath', message: text }
}
