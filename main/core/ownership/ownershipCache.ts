import type { Logger } from 'pino'
import type { Store } from '../store/store.ts'
import type { OwnershipSnapshot } from './ownedAccount.ts'

/** Where the book of accounts comes from: Salesforce, or the demo's built-in owner. */
export interface OwnershipSource {
  /** Identifies the source in the cache, e.g. `salesforce:https://acme.my.salesforce.com` */
  id: string
  fetch(): Promise<OwnershipSnapshot>
}

export interface OwnershipState {
  snapshot: OwnershipSnapshot
  refreshedAt: number
  /** Set when the last refresh failed and the cache is being used */
  problem: string | null
}

export class OwnershipUnavailableError extends Error {
  override name = 'OwnershipUnavailableError'
}

/**
 * The owned accounts, refreshed every `refreshMs` and served from SQLite when Salesforce can't
 * be reached, so an outage there doesn't silence the notifications.
 */
export function ownershipCache(options: {
  store: Store
  source: OwnershipSource
  refreshMs: number
  log: Logger
}) {
  const { store, source, refreshMs, log } = options
  let lastProblem: string | null = null
  // After a failed refresh, Salesforce is asked again a minute later, not on every poll.
  let retryAt = 0
  return {
    async current(now: number, { force = false } = {}): Promise<OwnershipState> {
      const cached = store.accounts.load()
      const usable = cached && cached.source === source.id ? cached : null
      const fresh = usable && now - usable.refreshedAt < refreshMs
      if (usable && !force && (fresh || now < retryAt)) {
        return { snapshot: usable.snapshot, refreshedAt: usable.refreshedAt, problem: lastProblem }
      }
      try {
        const snapshot = await source.fetch()
        store.accounts.replace(snapshot, source.id, now)
        if (lastProblem) log.info('owned accounts refreshed again')
        lastProblem = null
        log.debug({ accounts: snapshot.accounts.length }, 'owned accounts refreshed')
        return { snapshot, refreshedAt: now, problem: null }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        if (!usable) throw new OwnershipUnavailableError(reason)
        if (lastProblem !== reason) {
          log.warn(
            {
              cachedAt: new Date(usable.refreshedAt).toISOString(),
              accounts: usable.snapshot.accounts.length,
            },
            `${reason}; using the owned accounts cached earlier`,
          )
        }
        lastProblem = reason
        retryAt = now + Math.min(refreshMs, 60_000)
        return { snapshot: usable.snapshot, refreshedAt: usable.refreshedAt, problem: reason }
      }
    },
  }
}

export type OwnershipCache = ReturnType<typeof ownershipCache>
