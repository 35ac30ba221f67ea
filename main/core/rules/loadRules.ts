import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { ConfigError, describeIssues } from '../config/configErrors.ts'
import type { RulesSource } from '../config/loadConfig.ts'
import { readRegularFile, UnreadableFile } from '../config/regularFile.ts'
import { type CompiledRule, compileRule, RulePartError } from './compiledRule.ts'
import { ruleSpecSchema, rulesFileSchema } from './ruleSchema.ts'

export const DEFAULT_RULES_PATH = fileURLToPath(new URL('./defaultRules.yaml', import.meta.url))
/**
 * The same rules, parsed from that YAML when the compiled CLI or the desktop bundle was built and
 * written beside its copy (scripts/defaultRulesFiles.ts): parsing the YAML at each start cost ~20
 * ms of it, JSON a fraction of a millisecond. Both files come from one build, and the compiled CLI
 * only runs while the YAML it was built from is unchanged (bin/builtCli.mjs). Running from the
 * sources there is no such file, and the YAML is parsed.
 */
const BUILT_DEFAULT_RULES_PATH = fileURLToPath(new URL('./defaultRules.json', import.meta.url))

/** Loads and compiles the rules; every bad rule is reported with its id and the reason (ConfigError). */
export function loadRules(source: RulesSource): CompiledRule[] {
  switch (source.kind) {
    case 'default': {
      const built = readBuiltDefaultRules()
      return built === undefined
        ? parseRulesFile(DEFAULT_RULES_PATH, readFileSync(DEFAULT_RULES_PATH, 'utf8'))
        : rulesOfFile(DEFAULT_RULES_PATH, built)
    }
    case 'file':
      return parseRulesFile(source.path, readRulesFile(source.path))
    case 'inline':
      return compileRuleList(source.rules, `${source.file}: rules`)
  }
}

function readRulesFile(path: string): string {
  try {
    return readRegularFile(path)
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error
    throw new ConfigError(`rules: cannot read rules file ${path}: ${error.message}`)
  }
}

function readBuiltDefaultRules(): unknown {
  let text: string
  try {
    text = readFileSync(BUILT_DEFAULT_RULES_PATH, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  return JSON.parse(text)
}

export function parseRulesFile(path: string, text: string): CompiledRule[] {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (error) {
    throw new ConfigError(`${path}: not valid YAML: ${errorMessage(error).split('\n')[0]}`)
  }
  return rulesOfFile(path, raw)
}

/** A rules file's content, parsed: checked against the schema and compiled. */
function rulesOfFile(path: string, raw: unknown): CompiledRule[] {
  // A bare list is accepted too: it is what an inline `rules:` in moments.yaml looks like.
  const file = rulesFileSchema.safeParse(Array.isArray(raw) ? { rules: raw } : raw)
  if (!file.success) {
    const problems = describeIssues(file.error.issues).map((p) => `${path}: ${p}`)
    throw new ConfigError(problems.join('\n'), problems)
  }
  return compileRuleList(file.data.rules, path)
}

function compileRuleList(items: unknown[], where: string): CompiledRule[] {
  const problems: string[] = []
  const rules: CompiledRule[] = []
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const label = ruleLabel(item, index)
    const parsed = ruleSpecSchema.safeParse(item)
    if (!parsed.success) {
      for (const p of describeIssues(parsed.error.issues)) problems.push(`${where}: rule ${label}: ${p}`)
      return
    }
    if (seen.has(parsed.data.id)) {
      problems.push(`${where}: rule ${label}: id is used by an earlier rule`)
      return
    }
    seen.add(parsed.data.id)
    if (!parsed.data.enabled) return
    try {
      rules.push(compileRule(parsed.data))
    } catch (error) {
      if (!(error instanceof RulePartError)) throw error
      problems.push(`${where}: rule ${label}: ${error.field}: ${error.message}`)
    }
  })
  if (problems.length > 0) throw new ConfigError(problems.join('\n'), problems)
  return rules
}

function ruleLabel(item: unknown, index: number): string {
  const id = item && typeof item === 'object' && 'id' in item ? (item as { id: unknown }).id : undefined
  return typeof id === 'string' && id ? `"${id}"` : `#${index + 1}`
}
