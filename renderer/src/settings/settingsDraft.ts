import type { FieldError, SettingsPatch, SettingsView } from '../../../shared/ipc/contract.ts'
import {
  EDITABLE_NAMES,
  PATCH_SECRETS,
  SETTINGS,
  type SettingsDraft,
} from '../../../shared/settings/desktopSettings.ts'
import { checkSettingsFields, type SettingsFields } from '../../../shared/settingsFields.ts'
import type { SecretState } from './Field.tsx'

// The form's state and the patch it saves, both derived from the one settings schema: inputs
// hold text (numbers as typed, lists comma-separated); secrets are typed apart, never shown.

export type Draft = SettingsDraft
export type SecretField = (typeof PATCH_SECRETS)[number]
export type Secrets = Record<SecretField, SecretState>

export const NO_SECRETS: Secrets = Object.fromEntries(
  PATCH_SECRETS.map((name) => [name, { value: '', remove: false }]),
) as Secrets

export function draftOf(view: SettingsView): Draft {
  const draft: Record<string, unknown> = {}
  for (const name of EDITABLE_NAMES) {
    const value = view[name]
    switch (SETTINGS[name].kind) {
      case 'text':
      case 'optionalText':
        draft[name] = value ?? ''
        break
      case 'number':
        draft[name] = String(value)
        break
      case 'list':
        draft[name] = ((value as string[] | null) ?? []).join(', ')
        break
      default:
        draft[name] = value
    }
  }
  return draft as Draft
}

const splitList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)

/** A field's value as main reads it; numbers that are not whole numbers stay NaN, for the checks. */
function fieldValue(name: (typeof EDITABLE_NAMES)[number], draft: Draft): unknown {
  const text = draft[name]
  switch (SETTINGS[name].kind) {
    case 'number':
      return /^\d+$/.test(String(text).trim()) ? Number(text) : Number.NaN
    case 'list':
      return splitList(String(text))
    default:
      return text
  }
}

/** Only what changed, so saving one field never rewrites (or re-validates away) another. */
export function patchOf(view: SettingsView, draft: Draft, secrets: Secrets): SettingsPatch {
  const saved = draftOf(view)
  const patch: Record<string, unknown> = {}
  for (const name of EDITABLE_NAMES) {
    if (JSON.stringify(draft[name]) === JSON.stringify(saved[name])) continue
    const kind = SETTINGS[name].kind
    // rulesPath: an emptied path means the default rules; so does an emptied list of account fields.
    patch[name] =
      name === 'rulesPath'
        ? String(draft[name]).trim() || null
        : name === 'accountFields' && splitList(String(draft[name])).length === 0
          ? null
          : kind === 'number'
            ? Number(draft[name])
            : fieldValue(name, draft)
  }
  for (const name of PATCH_SECRETS) {
    const secret = secrets[name]
    if (secret.remove) patch[name] = ''
    else if (secret.value.trim()) patch[name] = secret.value
  }
  return patch as SettingsPatch
}

/** The checks main applies too, run as the user types. */
export function localErrors(draft: Draft, secrets: Secrets): FieldError[] {
  const fields: Record<string, unknown> = {}
  for (const name of EDITABLE_NAMES) fields[name] = fieldValue(name, draft)
  for (const name of PATCH_SECRETS) if (secrets[name].value) fields[name] = secrets[name].value
  return checkSettingsFields(fields as SettingsFields)
}
