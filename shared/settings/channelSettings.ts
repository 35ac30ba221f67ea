// A chat channel's part of the desktop settings: its fields, how they become its section of
// moments.yaml, and what the settings window shows for it. One entry per channel, listed in
// desktopSettings.ts next to the channel registry of the core.
import type { FieldError, FieldTable, SecretNames, StoredValues } from './settingField.ts'

/** "Only when I'm away": forward while the computer is idle or locked; else always. */
export const FORWARD_MODES = ['always', 'away'] as const
export type ForwardMode = (typeof FORWARD_MODES)[number]

export interface ChannelFormField<Name extends string> {
  name: Name
  label: string
  help: string
  placeholder?: string
}

export interface ChannelSettings<F extends FieldTable = FieldTable> {
  /** The channel type: its key in moments.yaml and in the core's channel registry */
  type: string
  label: string
  fields: F
  /** The setting that chooses how it posts; its first mode, `off`, turns the channel off */
  modeField: keyof F & string
  /** `always` or `away` */
  forwardField: keyof F & string
  /** The settings window: each mode's label and the fields it asks for */
  form: {
    modes: ReadonlyArray<readonly [mode: string, label: string]>
    fields: Partial<Record<string, ReadonlyArray<ChannelFormField<keyof F & string>>>>
    testLabel: string
  }
  /** This channel's section of moments.yaml, from the saved settings and secrets; null when off */
  toConfig(
    settings: StoredValues<F>,
    secrets: Partial<Record<SecretNames<F>, string | null>>,
  ): Record<string, unknown> | null
  /** Mistakes in the fields as typed (pure: the window shows them as they are typed) */
  fieldErrors(values: Partial<StoredValues<F> & Record<SecretNames<F>, string>>): FieldError[]
  /** What the chosen mode needs that is not saved (a webhook URL, a token) */
  missingSecrets(settings: StoredValues<F>, saved: Record<SecretNames<F>, boolean>): FieldError[]
}

/** Checks an entry's types where it is written. */
export function channelSettings<F extends FieldTable>(entry: ChannelSettings<F>): ChannelSettings<F> {
  return entry
}
