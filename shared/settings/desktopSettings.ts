// The desktop's settings, defined once: each setting's stored form (desktop-settings.json), what a
// window may send to change it, and its role (secret, target, read by main). The file's schema,
// the save patch, the window's view, the main process's prefs and the list of secrets are all
// derived from this table; a chat channel adds its fields through its entry in CHANNEL_SETTINGS.
import { z } from 'zod'
import type { AccountFieldLabel } from '../accountFacts.ts'
import { quietHoursSchema } from '../quietHours.ts'
import type { ChannelSettings } from './channelSettings.ts'
import { slackSettings } from './channels/slackSettings.ts'
import { teamsSettings } from './channels/teamsSettings.ts'
import {
  type DraftValue,
  type FieldTable,
  type PatchValues,
  type SecretNames,
  type SettingField,
  type StoredValues,
  secretSetting,
  setting,
} from './settingField.ts'

export const DEFAULT_WAREHOUSE_QUERY = 'SELECT * FROM enriched_events'

const BASE_SETTINGS = {
  /** Without its password (that is a secret); null: the demo */
  warehouseUrl: setting('optionalText', z.string().min(1).nullable().default(null), z.string().max(2_000), {
    target: true,
  }),
  warehousePassword: secretSetting(z.string().max(1_000)),
  warehouseQuery: setting(
    'text',
    z.string().min(1).default(DEFAULT_WAREHOUSE_QUERY),
    z.string().max(20_000),
    { target: true },
  ),
  pollInterval: setting('text', z.string().min(1).default('15s'), z.string().max(20)),
  /** How long the history keeps a moment (moments.yaml's `retention`); '0': for ever */
  retention: setting('text', z.string().min(1).default('180d'), z.string().max(20)),
  salesforceInstanceUrl: setting(
    'optionalText',
    z.string().min(1).nullable().default(null),
    z.string().max(500),
    { target: true, main: true },
  ),
  /** Pasted by the user, or the OAuth sign-in's access token */
  salesforceAccessToken: secretSetting(z.string().max(5_000)),
  /** OAuth sign-in only: lets the desktop renew the access token */
  salesforceRefreshToken: {
    value: null,
    input: null,
    kind: 'text',
    role: { secret: true, internal: true },
  } satisfies SettingField<null, null, { secret: true; internal: true }, 'text'>,
  /** The user name of an OAuth sign-in; null with a pasted token or none */
  salesforceSignedInAs: setting('optionalText', z.string().nullable().default(null), null, {
    internal: true,
  }),
  /** The signed-in user's Id, so Moments need not ask Salesforce for it */
  salesforceUserId: setting('optionalText', z.string().nullable().default(null), null, { internal: true }),
  ownerFields: setting(
    'list',
    z.array(z.string().min(1)).min(1).default(['OwnerId']),
    z.array(z.string().max(100)).max(10),
  ),
  /**
   * Account fields rules see as account.<Field> (salesforce.accountFields); null: the defaults
   * (Name, Type, and Industry, AnnualRevenue where the org shows them)
   */
  accountFields: setting(
    'list',
    z.array(z.string().min(1)).max(100).nullable().default(null),
    z.array(z.string().max(200)).max(100).nullable(),
  ),
  /** "Only when I'm away": idle this long (or the screen locked) */
  awayAfterMinutes: setting(
    'number',
    z.number().int().min(1).max(240).default(10),
    z.number().int().min(1).max(240),
  ),
  rulesPath: setting(
    'optionalText',
    z.string().min(1).nullable().default(null),
    z.string().max(4_000).nullable(),
  ),
  quietHours: setting(
    'object',
    quietHoursSchema.default({ enabled: false, from: '20:00', to: '08:00' }),
    quietHoursSchema,
    {
      main: true,
    },
  ),
  launchAtLogin: setting('flag', z.boolean().default(false), z.boolean(), { main: true }),
  /** More moments than this from one poll become one digest notification */
  digestThreshold: setting(
    'number',
    z.number().int().min(1).max(1_000).default(5),
    z.number().int().min(1).max(1_000),
    {
      main: true,
    },
  ),
} satisfies FieldTable

/** The chat channels' settings, one entry per channel (the settings window shows them in this order). */
export const CHANNEL_SETTINGS = [slackSettings, teamsSettings] as const

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never
type ChannelFields = UnionToIntersection<(typeof CHANNEL_SETTINGS)[number]['fields']>

/** Every desktop setting. */
export const SETTINGS = Object.assign(
  {},
  BASE_SETTINGS,
  ...CHANNEL_SETTINGS.map((channel) => channel.fields),
) as typeof BASE_SETTINGS & ChannelFields
type Table = typeof SETTINGS

const entries = Object.entries(SETTINGS) as [keyof Table & string, SettingField][]

type StoredShape = {
  [K in keyof Table as Table[K]['value'] extends z.ZodType ? K : never]: NonNullable<Table[K]['value']>
}
type PatchShape = {
  [K in keyof Table as Table[K]['input'] extends z.ZodType ? K : never]: z.ZodOptional<
    NonNullable<Table[K]['input']>
  >
}
type PrefsShape = {
  [K in keyof Table as Table[K]['role'] extends { main: true } ? K : never]: NonNullable<Table[K]['value']>
}

function shape(pick: (field: SettingField) => z.ZodType | null): Record<string, z.ZodType> {
  return Object.fromEntries(
    entries.flatMap(([name, field]) => {
      const schema = pick(field)
      return schema ? [[name, schema]] : []
    }),
  )
}

/** desktop-settings.json: the non-secret settings, each with its default. */
export const desktopSettingsSchema = z.object({
  version: z.literal(1).default(1),
  ...(shape((f) => f.value) as StoredShape),
})
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>

export function defaultDesktopSettings(): DesktopSettings {
  return desktopSettingsSchema.parse({})
}

/** `settings.save`: only the keys present change; a secret's value replaces the saved one, '' removes it. */
export const settingsPatchSchema = z.strictObject(shape((f) => f.input?.optional() ?? null) as PatchShape)
export type SettingsPatch = z.infer<typeof settingsPatchSchema> & PatchValues<Table>

export type SecretName = SecretNames<Table>
export const SECRET_NAMES = entries.filter(([, f]) => f.role.secret).map(([name]) => name) as SecretName[]

/** Secrets a window may set (the others Moments sets itself, e.g. the sign-in's refresh token). */
export const PATCH_SECRETS = entries
  .filter(([, f]) => f.role.secret && f.input)
  .map(([name]) => name) as SecretName[]

/** Settings that say where events come from or where moments go. */
export const TARGET_NAMES = entries.filter(([, f]) => f.role.target).map(([name]) => name)

/**
 * What the desktop can tell for "only when I'm away": idle time, the screen lock. macOS
 * and Windows both; Linux what its session offers (none under GNOME Wayland without D-Bus answers).
 */
export interface AwayDetection {
  idle: boolean
  lock: boolean
}

/** What a window is shown: every stored setting, and for each secret only whether it is saved. */
export type SettingsView = Omit<DesktopSettings, 'version'> & {
  /** No warehouse URL: the demo */
  demo: boolean
  /** The account fields the last refresh read, with the org's labels; [] before one */
  accountFieldLabels: AccountFieldLabel[]
  secretsSaved: Record<SecretName, boolean>
  /** Reported by the desktop app's main process; null until it has (and outside the app) */
  awayDetection: AwayDetection | null
}

/** The settings a window edits as fields (secrets are edited apart: they are never shown). */
export type EditableName = {
  [K in keyof Table]: Table[K]['input'] extends z.ZodType
    ? Table[K]['role'] extends { secret: true }
      ? never
      : K
    : never
}[keyof Table] &
  string
export const EDITABLE_NAMES = entries
  .filter(([, f]) => f.input && !f.role.secret)
  .map(([name]) => name) as EditableName[]

/** The form's values, as its inputs hold them. */
export type SettingsDraft = { [K in EditableName]: DraftValue<Table[K]> }

/** The settings the main process acts on itself, sent to it on every change. */
export const desktopPrefsSchema = z.strictObject(shape((f) => (f.role.main ? f.value : null)) as PrefsShape)
export type DesktopPrefs = z.infer<typeof desktopPrefsSchema>

export function prefsOf(settings: DesktopSettings): DesktopPrefs {
  return desktopPrefsSchema.parse(
    Object.fromEntries(
      Object.keys(desktopPrefsSchema.shape).map((name) => [name, settings[name as keyof DesktopSettings]]),
    ),
  )
}

/** The chat channels' types, in the order the settings window shows them. */
export const CHANNEL_TYPES = CHANNEL_SETTINGS.map((channel) => channel.type) as [
  (typeof CHANNEL_SETTINGS)[number]['type'],
  ...(typeof CHANNEL_SETTINGS)[number]['type'][],
]

/** CHANNEL_SETTINGS as entries of any channel, to loop over. */
export const CHANNEL_ENTRIES = CHANNEL_SETTINGS as unknown as readonly ChannelSettings[]

export function channelSettingsOf(type: string): ChannelSettings | undefined {
  return CHANNEL_ENTRIES.find((channel) => channel.type === type)
}

export type { StoredValues }
