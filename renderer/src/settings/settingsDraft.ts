import type { FieldError, SettingsPatch, SettingsView } from '../../../shared/ipc/contract.ts'
import { checkSettingsFields } from '../../../shared/settingsFields.ts'
import type { SecretState } from './Field.tsx'

/** The form's values, as the inputs hold them (numbers as typed text). */
export interface Draft {
  warehouseUrl: string
  warehouseQuery: string
  pollInterval: string
  salesforceInstanceUrl: string
  ownerFields: string
  slackMode: SettingsView['slackMode']
  slackChannel: string
  slackForward: SettingsView['slackForward']
  awayAfterMinutes: string
  rulesPath: string
  quietHours: SettingsView['quietHours']
  launchAtLogin: boolean
  digestThreshold: string
}

export const SECRET_FIELDS = [
  'warehousePassword',
  'salesforceAccessToken',
  'slackWebhookUrl',
  'slackBotToken',
] as const
export type SecretField = (typeof SECRET_FIELDS)[number]
export type Secrets = Record<SecretField, SecretState>

export const NO_SECRETS: Secrets = {
  warehousePassword: { value: '', remove: false },
  salesforceAccessToken: { value: '', remove: false },
  slackWebhookUrl: { value: '', remove: false },
  slackBotToken: { value: '', remove: false },
}

export function draftOf(view: SettingsView): Draft {
  return {
    warehouseUrl: view.warehouseUrl ?? '',
    warehouseQuery: view.warehouseQuery,
    pollInterval: view.pollInterval,
    salesforceInstanceUrl: view.salesforceInstanceUrl ?? '',
    ownerFields: view.ownerFields.join(', '),
    slackMode: view.slackMode,
    slackChannel: view.slackChannel ?? '',
    slackForward: view.slackForward,
    awayAfterMinutes: String(view.awayAfterMinutes),
    rulesPath: view.rulesPath ?? '',
    quietHours: view.quietHours,
    launchAtLogin: view.launchAtLogin,
    digestThreshold: String(view.digestThreshold),
  }
}

const splitList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)

/** Only what changed, so saving one field never rewrites (or re-validates away) another. */
export function patchOf(view: SettingsView, draft: Draft, secrets: Secrets): SettingsPatch {
  const saved = draftOf(view)
  const patch: SettingsPatch = {}
  if (draft.warehouseUrl !== saved.warehouseUrl) patch.warehouseUrl = draft.warehouseUrl
  if (draft.warehouseQuery !== saved.warehouseQuery) patch.warehouseQuery = draft.warehouseQuery
  if (draft.pollInterval !== saved.pollInterval) patch.pollInterval = draft.pollInterval
  if (draft.salesforceInstanceUrl !== saved.salesforceInstanceUrl)
    patch.salesforceInstanceUrl = draft.salesforceInstanceUrl
  if (draft.ownerFields !== saved.ownerFields) patch.ownerFields = splitList(draft.ownerFields)
  if (draft.slackMode !== saved.slackMode) patch.slackMode = draft.slackMode
  if (draft.slackChannel !== saved.slackChannel) patch.slackChannel = draft.slackChannel
  if (draft.slackForward !== saved.slackForward) patch.slackForward = draft.slackForward
  if (draft.awayAfterMinutes !== saved.awayAfterMinutes)
    patch.awayAfterMinutes = Number(draft.awayAfterMinutes)
  if (draft.rulesPath !== saved.rulesPath) patch.rulesPath = draft.rulesPath.trim() || null
  if (JSON.stringify(draft.quietHours) !== JSON.stringify(saved.quietHours))
    patch.quietHours = draft.quietHours
  if (draft.launchAtLogin !== saved.launchAtLogin) patch.launchAtLogin = draft.launchAtLogin
  if (draft.digestThreshold !== saved.digestThreshold) patch.digestThreshold = Number(draft.digestThreshold)
  for (const name of SECRET_FIELDS) {
    const secret = secrets[name]
    if (secret.remove) patch[name] = ''
    else if (secret.value.trim()) patch[name] = secret.value
  }
  return patch
}

/** The checks main applies too, run as the user types. */
export function localErrors(draft: Draft, secrets: Secrets): FieldError[] {
  const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : Number.NaN)
  return checkSettingsFields({
    warehouseUrl: draft.warehouseUrl,
    warehouseQuery: draft.warehouseQuery,
    pollInterval: draft.pollInterval,
    salesforceInstanceUrl: draft.salesforceInstanceUrl,
    ownerFields: splitList(draft.ownerFields),
    slackMode: draft.slackMode,
    slackWebhookUrl: secrets.slackWebhookUrl.value || undefined,
    slackChannel: draft.slackChannel,
    quietHours: draft.quietHours,
    awayAfterMinutes: whole(draft.awayAfterMinutes),
    digestThreshold: whole(draft.digestThreshold),
  })
}
