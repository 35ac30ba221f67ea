// One desktop setting: how it is stored, how a window may change it, and what role it plays.
// The settings schema (desktopSettings.ts) is a table of these; everything else is derived.
import type { z } from 'zod'

export interface SettingRole {
  /** Kept in the OS keychain only: never in the settings file, a log or a window (which learns only whether it is saved) */
  secret?: true
  /** Says where events come from or where moments go (a warehouse, an org, a chat channel): changing it re-points Moments */
  target?: true
  /** Acted on by the main process itself (notifications, login item, which links may open) */
  main?: true
  /** Set by Moments itself (the sign-in), never by a window */
  internal?: true
}

/** How the settings window holds the value while it is edited (inputs hold text). */
/** A mistake in one setting, shown next to its field. */
export interface FieldError {
  /** A settings key (`warehouseUrl`, `quietHours`, …) */
  field: string
  message: string
  /** For a rules file problem: the rule's id (or `#n`, its position) */
  ruleId?: string
}

export type SettingKind = 'text' | 'optionalText' | 'number' | 'list' | 'choice' | 'flag' | 'object'

export interface SettingField<
  Value extends z.ZodType | null = z.ZodType | null,
  Input extends z.ZodType | null = z.ZodType | null,
  Role extends SettingRole = SettingRole,
  Kind extends SettingKind = SettingKind,
> {
  /** The stored form, with its default; null for a secret (the keychain keeps it) */
  value: Value
  /** What `settings.save` accepts for it; null when no window may change it */
  input: Input
  kind: Kind
  role: Role
}

/** A setting kept in the settings file. */
export function setting<
  K extends SettingKind,
  V extends z.ZodType,
  I extends z.ZodType | null,
  R extends SettingRole = Record<never, never>,
>(kind: K, value: V, input: I, role: R = {} as R): SettingField<V, I, R, K> {
  return { value, input, kind, role }
}

/** A secret a window may set or remove ('') but never read. */
export function secretSetting<I extends z.ZodType, R extends SettingRole = Record<never, never>>(
  input: I,
  role: R = {} as R,
): SettingField<null, I, R & { secret: true }, 'text'> {
  return { value: null, input, kind: 'text', role: { ...role, secret: true } }
}

export type FieldTable = Record<string, SettingField>

/** The names of a table's settings kept in the file, and their stored types. */
export type StoredValues<T extends FieldTable> = {
  [K in keyof T as T[K]['value'] extends z.ZodType ? K : never]: z.output<NonNullable<T[K]['value']>>
}

/** The names of a table's secrets. */
export type SecretNames<T extends FieldTable> = {
  [K in keyof T]: T[K]['role'] extends { secret: true } ? K : never
}[keyof T] &
  string

/** How the settings window holds a setting while it is edited: text in inputs, the rest as stored. */
export type DraftValue<F extends SettingField> = F['kind'] extends 'text' | 'optionalText' | 'number' | 'list'
  ? string
  : z.output<NonNullable<F['value']>>

/** The names of a table's settings a window may change, and what it sends for each. */
export type PatchValues<T extends FieldTable> = {
  [K in keyof T as T[K]['input'] extends z.ZodType ? K : never]?: z.output<NonNullable<T[K]['input']>>
}
