import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import type { FieldError } from '../../../shared/ipc/contract.ts'
import { checkSettingsFields } from '../../../shared/settingsFields.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { loadRules } from '../../core/rules/loadRules.ts'
import { type DesktopSettings, desktopSettingsSchema } from './desktopSettings.ts'

/** Which secrets the settings will have once saved. */
export interface SecretsPresent {
  warehousePassword: boolean
  salesforceAccessToken: boolean
  slackWebhookUrl: boolean
  slackBotToken: boolean
}

/** Everything wrong with the settings as they would be saved, each problem on its field. */
export function settingsErrors(
  settings: DesktopSettings,
  secrets: SecretsPresent,
  typed: { slackWebhookUrl?: string },
): FieldError[] {
  const errors = checkSettingsFields({ ...settings, slackWebhookUrl: typed.slackWebhookUrl })
  const parsed = desktopSettingsSchema.safeParse(settings)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'settings')
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message })
    }
  }
  const wrong = (field: string) => errors.some((e) => e.field === field)
  if (settings.warehouseUrl && !wrong('warehouseUrl') && !wrong('salesforceInstanceUrl')) {
    // Outside the demo Moments must know whose accounts to keep (DESIGN.md: ownership filter).
    if (!settings.salesforceInstanceUrl) {
      add(
        errors,
        'salesforceInstanceUrl',
        'Enter your Salesforce address: Moments shows only the accounts you own',
      )
    } else if (!secrets.salesforceAccessToken) {
      add(
        errors,
        'salesforceAccessToken',
        'Sign in to Salesforce (or paste an access token) to use your warehouse',
      )
    }
  }
  if (settings.slackMode === 'webhook' && !secrets.slackWebhookUrl) {
    add(errors, 'slackWebhookUrl', 'Paste the incoming-webhook URL Slack gave you')
  }
  if (settings.slackMode === 'bot' && !secrets.slackBotToken) {
    add(errors, 'slackBotToken', 'Paste the bot token (xoxb-…)')
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
  if (text.startsWith('rules: cannot read')) return { field: 'rulesPath', message: 'Cannot read this file' }
  return { field: 'rulesPath', message: text }
}
