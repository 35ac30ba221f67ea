import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { CHANNEL_TYPES, type ChannelConfigs, teamChannel } from '../channels/registry.ts'
import { warehouseUrlProblem } from '../warehouse/sourceRegistry.ts'
import { appDirs } from './appDirs.ts'
import { ConfigError, configErrorFrom } from './configErrors.ts'
import {
  type ConfigFile,
  configFileSchema,
  RETENTION_DEFAULT_MS,
  type SalesforceSettings,
  type WarehouseSettings,
} from './configSchema.ts'
import { resolveEnvReferences, type UnsetReference } from './envReferences.ts'
import { readRegularFile, UnreadableFile } from './regularFile.ts'

export type ConfigOrigin = { kind: 'file'; path: string } | { kind: 'demo'; reason: 'flag' | 'no-config' }

export type RulesSource =
  | { kind: 'default' }
  | { kind: 'file'; path: string }
  | { kind: 'inline'; rules: unknown[]; file: string }

export interface MomentsConfig {
  origin: ConfigOrigin
  /** `url` is null only for the demo, whose embedded warehouse gets its address when it starts. */
  warehouse: Omit<WarehouseSettings, 'url'> & { url: string | null }
  salesforce: SalesforceSettings | null
  rules: RulesSource
  /** The configured notification channels, by type (`slack`, …); empty: none */
  channels: ChannelConfigs
  statePath: string
  /** How long moments are kept (`retention`), in ms; 0: for ever */
  retentionMs: number
  dataDir: string
}

export interface LoadConfigOptions {
  /** `--config FILE` */
  configFlag?: string
  /** `--demo` */
  demo?: boolean
  env?: NodeJS.ProcessEnv
  cwd?: string
}

/** Finds the config (`--config`, `$MOMENTS_CONFIG`, the user config dir), or falls back to the demo. */
function locateConfig(options: LoadConfigOptions): string | null {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const explicit = options.configFlag ?? env.MOMENTS_CONFIG
  if (explicit) {
    const path = resolve(cwd, explicit)
    const via = options.configFlag ? '--config' : 'MOMENTS_CONFIG'
    if (!existsSync(path)) throw new ConfigError(`${via}: config file not found: ${path}`)
    return path
  }
  const fallback = join(appDirs(env).configDir, 'moments.yaml')
  return existsSync(fallback) ? fallback : null
}

export function loadConfig(options: LoadConfigOptions = {}): MomentsConfig {
  const env = options.env ?? process.env
  const { dataDir } = appDirs(env)
  const path = options.demo ? null : locateConfig(options)
  if (path === null) return demoConfig(dataDir, options.demo ? 'flag' : 'no-config')
  return parseConfigFile(path, readConfigFile(path), env, dataDir)
}

function readConfigFile(path: string): string {
  try {
    return readRegularFile(path)
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error
    throw new ConfigError(`${path}: cannot read the config file: ${error.message}`)
  }
}

export function demoConfig(dataDir: string, reason: 'flag' | 'no-config'): MomentsConfig {
  return {
    origin: { kind: 'demo', reason },
    warehouse: { ...configFileSchema.shape.warehouse.parse(undefined), url: null, pollInterval: 5_000 },
    salesforce: null,
    rules: { kind: 'default' },
    channels: {},
    statePath: join(dataDir, 'demo.db'),
    retentionMs: RETENTION_DEFAULT_MS,
    dataDir,
  }
}

function parseConfigFile(path: string, text: string, env: NodeJS.ProcessEnv, dataDir: string): MomentsConfig {
  let raw: unknown
  try {
    raw = parseYaml(text) ?? {}
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const [line, col] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : ['?', '?']
      throw new ConfigError(`${path}:${line}:${col}: not valid YAML: ${error.message.split('\n')[0]}`)
    }
    // The yaml library guards against alias bombs with a plain error: still the file's fault.
    const reason = errorMessage(error)
    throw new ConfigError(`${path}: not valid YAML: ${reason.split('\n')[0]}`)
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(
      `${path}: expected a mapping with warehouse, salesforce, rules, ${CHANNEL_TYPES.join(', ')}, state`,
    )
  }

  const unset: UnsetReference[] = []
  const resolved = resolveEnvReferences(raw, env, unset)
  const parsed = configFileSchema.safeParse(resolved)
  const problems = parsed.success ? [] : configErrorFrom(path, parsed.error.issues).problems
  for (const ref of unset) {
    problems.push(`${path}: ${ref.path}: environment variable ${ref.variable} is not set`)
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems.join('\n'), problems)

  return fromFile(path, parsed.data, env, dataDir)
}

function fromFile(path: string, file: ConfigFile, env: NodeJS.ProcessEnv, dataDir: string): MomentsConfig {
  const base = dirname(path)
  const url = file.warehouse.url ?? env.MOMENTS_WAREHOUSE_URL
  if (!url) {
    throw new ConfigError(`${path}: warehouse.url: required (or set MOMENTS_WAREHOUSE_URL)`)
  }
  const urlProblem = warehouseUrlProblem(url)
  if (urlProblem) throw new ConfigError(`${path}: warehouse.url: ${urlProblem}`)
  const channels = channelsOf(file)
  if (!file.salesforce) {
    // A team channel reads every account, but still needs Salesforce for each owner's e-mail.
    const team = teamChannel(channels)
    throw new ConfigError(
      team
        ? `${path}: salesforce: required in ${team.label} team mode, to find each account's owners (instanceUrl, accessToken)`
        : `${path}: salesforce: required, so that Moments shows only the accounts you own (instanceUrl, accessToken)`,
    )
  }
  const rules: RulesSource =
    file.rules === undefined
      ? { kind: 'default' }
      : typeof file.rules === 'string'
        ? { kind: 'file', path: resolve(base, file.rules) }
        : { kind: 'inline', rules: file.rules, file: path }
  return {
    origin: { kind: 'file', path },
    warehouse: { ...file.warehouse, url },
    salesforce: file.salesforce,
    rules,
    channels,
    statePath: file.state ? resolve(base, file.state) : join(dataDir, 'moments.db'),
    retentionMs: file.retention,
    dataDir,
  }
}

function channelsOf(file: ConfigFile): ChannelConfigs {
  return Object.fromEntries(
    CHANNEL_TYPES.flatMap((type) => (file[type] === undefined ? [] : [[type, file[type]]])),
  ) as ChannelConfigs
}
