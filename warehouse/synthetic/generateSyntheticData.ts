import { type SyntheticAccount, syntheticAccounts } from './accounts.ts'
import { type EventMix, generateEventWindow } from './eventWindow.ts'
import type { AccountRow, RawTables, SystemToAccountRow } from './rawRows.ts'
import { rollUpUserActivity } from './userActivityRollup.ts'

const DAY_MS = 86_400_000

export interface SyntheticDataOptions {
  seed: number
  /** How many customer accounts */
  accounts: number
  /** About how many event rows, over all event tables */
  events: number
  /** How many days of history, ending at `end` */
  days: number
  end: Date
  /** Share of event rows that miss their account; default 0.02 */
  brokenFraction?: number
  mix?: EventMix
}

export interface SyntheticData {
  accounts: SyntheticAccount[]
  tables: RawTables
  from: Date
  to: Date
}

/** A whole warehouse: accounts, their systems, `days` of events up to `end`, the nightly rollup. */
export function generateSyntheticData(options: SyntheticDataOptions): SyntheticData {
  const accounts = syntheticAccounts(options.seed, options.accounts)
  const to = options.end
  const from = new Date(to.getTime() - options.days * DAY_MS)
  const events = generateEventWindow({
    seed: options.seed,
    accounts,
    from,
    to,
    events: options.events,
    mix: options.mix,
    brokenFraction: options.brokenFraction,
  })
  // The CRM replica was there before the first event.
  const replicatedAt = new Date(from.getTime() - DAY_MS)
  return {
    accounts,
    from,
    to,
    tables: {
      accounts: accounts.map((a) => accountRow(a, replicatedAt)),
      systems_to_accounts: accounts.flatMap((a) => systemRows(a, replicatedAt)),
      ...events,
      user_aggregated_activity: rollUpUserActivity(events, to),
    },
  }
}

function accountRow(account: SyntheticAccount, loadedAt: Date): AccountRow {
  return {
    id: account.id,
    loaded_at: loadedAt,
    name: account.name,
    owner_id: account.ownerId,
    email_domain: account.emailDomain,
  }
}

function systemRows(account: SyntheticAccount, loadedAt: Date): SystemToAccountRow[] {
  return account.systems.map((system) => ({
    system_name: system,
    loaded_at: loadedAt,
    account_id: account.id,
  }))
}
