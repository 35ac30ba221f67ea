// The desktop settings' field checks, pure so the settings window shows a mistake as it is typed
// and main applies the very same checks when it saves. Checks that need Node (does the rules
// file load, is a secret saved) live in main/desktop/service/settingsValidation.ts.
import { formatDuration, parseDuration } from './duration.ts'
import { CHANNEL_SETTINGS, type DesktopSettings, type SecretName } from './settings/desktopSettings.ts'
import type { FieldError } from './settings/settingField.ts'
import { salesforceInstanceProblem } from './settings/trustedHosts.ts'
import { parseUrl } from './settings/urlProblems.ts'

const POLL_INTERVAL_MIN_MS = 5_000
const POLL_INTERVAL_MAX_MS = 86_400_000
const RETENTION_MIN_MS = 86_400_000

/** The settings as typed or saved, and secrets as typed; any may be absent. */
export type SettingsFields = Partial<Omit<DesktopSettings, 'version'> & Record<SecretName, string>>

const SALESFORCE_FIELD = /^[A-Za-z][A-Za-z0-9_]*$/

/** Every problem of the fields present; an absent field is not checked. */
export function checkSettingsFields(fields: SettingsFields): FieldError[] {
  const errors: FieldError[] = []
  const add = (field: string, message: string | null) => {
    if (message) errors.push({ field, message })
  }
  if (fields.warehouseUrl) add('warehouseUrl', warehouseUrlProblem(fields.warehouseUrl))
  if (fields.warehouseQuery !== undefined && fields.warehouseQuery.trim() === '') {
    add('warehouseQuery', 'Enter the query that returns the enriched events')
  }
  if (fields.pollInterval !== undefined) add('pollInterval', pollIntervalProblem(fields.pollInterval))
  if (fields.retention !== undefined) add('retention', retentionProblem(fields.retention))
  if (fields.salesforceInstanceUrl) {
    add('salesforceInstanceUrl', instanceUrlProblem(fields.salesforceInstanceUrl))
  }
  if (fields.ownerFields !== undefined) add('ownerFields', ownerFieldsProblem(fields.ownerFields))
  for (const channel of CHANNEL_SETTINGS) errors.push(...channel.fieldErrors(fields))
  const quiet = fields.quietHours
  if (quiet?.enabled && quiet.from === quiet.to) {
    add('quietHours', 'Quiet hours start and end at the same time: choose two different times')
  }
  if (fields.awayAfterMinutes !== undefined) {
    add('awayAfterMinutes', rangeProblem(fields.awayAfterMinutes, 1, 240, 'minutes'))
  }
  if (fields.digestThreshold !== undefined) {
    add('digestThreshold', rangeProblem(fields.digestThreshold, 1, 1_000, 'moments'))
  }
  return errors
}

export function warehouseUrlProblem(text: string): string | null {
  const url = parseUrl(text.trim())
  if (!url || !/^(?:postgres(?:ql)?|redshift):$/.test(url.protocol)) {
    return 'Must be a postgres:// or redshift:// URL, e.g. redshift://reader@cluster.example.com:5439/analytics'
  }
  if (!url.hostname) return 'The URL names no host'
  return null
}

function pollIntervalProblem(text: string): string | null {
  const ms = parseDuration(text)
  if (ms === null) return `"${text}" is not a duration: write e.g. 30s, 5m or 1h`
  if (ms < POLL_INTERVAL_MIN_MS) return `At least ${formatDuration(POLL_INTERVAL_MIN_MS)}`
  if (ms > POLL_INTERVAL_MAX_MS) return `At most ${formatDuration(POLL_INTERVAL_MAX_MS)}`
  return null
}

function retentionProblem(text: string): string | null {
  const ms = parseDuration(text)
  if (ms === null) return `"${text}" is not a duration: write e.g. 90d, 180d or 52w (0 keeps everything)`
  if (ms !== 0 && ms < RETENTION_MIN_MS)
    return `At least ${formatDuration(RETENTION_MIN_MS)} (or 0 to keep everything)`
  return null
}

export function instanceUrlProblem(text: string): string | null {
  // A Salesforce host (http only to this machine: a local stand-in, never a real org).
  return salesforceInstanceProblem(text)
}

function ownerFieldsProblem(fields: string[]): string | null {
  if (fields.length === 0) return 'Name at least one field, e.g. OwnerId'
  const bad = fields.find((f) => !SALESFORCE_FIELD.test(f))
  return bad === undefined
    ? null
    : `"${bad}" is not an API field name such as OwnerId or Solutions_Engineer__c`
}

function rangeProblem(value: number, min: number, max: number, unit: string): string | null {
  return Number.isInteger(value) && value >= min && value <= max ? null : `Between ${min} and ${max} ${unit}`
}
