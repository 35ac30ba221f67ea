import type { Logger } from 'pino'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { CachedOwnership } from '../store/accountsCache.ts'
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

class OwnershipUnavailableError extends Error {
  override name = 'OwnershipUnavailableError'
}

/**
 * The owned accounts, refreshed every `refreshMs` and served from SQLite when Salesforce can't
 * be reached, so an outage there doesn't silence the notifications. Nor does a slow one: a
 * refresh retries with backoff for up to half a minute (longer when requests time out), so once
 * there is a cache, a poll waits for Salesforce at most `waitMs`; the refresh then goes on
 * without it and the next poll gets its result.
 */
export function ownershipCache(options: {
  store: Store
  source: OwnershipSource
  refreshMs: number
  log: Logger
  /** How long a poll waits for a refresh when the cache could serve it (default 3 s) */
  waitMs?: number
  /**
   * Note accounts a refresh finds newly owned, so their recent events are read (the poller's
   * hand-over); off for a team channel's directory, which filters nothing.
   */
  noteHandovers?: boolean
}) {
  const { store, source, refreshMs, log } = options
  const waitMs = options.waitMs ?? 3_000
  let lastProblem: string | null = null
  const notesLogged = new Set<string>()
  // After a failed refresh, Salesforce is asked again a minute later, not on every poll.
  let retryAt = 0
  let refreshing: Promise<OwnershipState> | null = null
  let slowNoted = false

  async function refresh(now: number, usable: CachedOwnership | null): Promise<OwnershipState> {
    try {
      const snapshot = await source.fetch()
      // With the book it replaces, in one transaction: a crash cannot forget a hand-over.
      store.transaction(() => {
        const change = store.accounts.replace(snapshot, source.id, now)
        if (options.noteHandovers && !change.first && change.added.length > 0) {
          store.handovers.note(change.added, now)
          log.info(
            { accounts: change.added.length },
            'accounts newly yours: their recent events will be read',
          )
        }
        if (change.removed.length > 0) store.handovers.done(change.removed)
      })
      for (const note of snapshot.notes ?? []) {
        if (notesLogged.has(note)) continue
        notesLogged.add(note)
        log.warn(note)
      }
      if (lastProblem) log.info('owned accounts refreshed again')
      lastProblem = null
      slowNoted = false
      log.debug({ accounts: snapshot.accounts.length }, 'owned accounts refreshed')
      return { snapshot, refreshedAt: now, problem: null }
    } catch (error) {
      const reason = errorMessage(error)
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
  }

  return {
    async current(now: number, { force = false } = {}): Promise<OwnershipState> {
      const cached = store.accounts.load()
      const usable = cached && cached.source === source.id ? cached : null
      const fresh = usable && now - usable.refreshedAt < refreshMs
      const fromCache = (problem: string | null): OwnershipState => ({
        snapshot: (usable as CachedOwnership).snapshot,
        refreshedAt: (usable as CachedOwnership).refreshedAt,
        problem,
      })
      if (usable && !force && (fresh || now < retryAt)) return fromCache(lastProblem)
      // Nothing to fall back on: the poll has to wait for Salesforce.
      if (!usable) return refresh(now, null)
      const slow = 'Salesforce is slow to answer'
      if (refreshing) return fromCache(lastProblem ?? slow)
      const attempt = refresh(now, usable).finally(() => {
        refreshing = null
      })
      refreshing = attempt
      let timer: NodeJS.Timeout | undefined
      const waited = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), waitMs)
      })
      const result = await Promise.race([attempt, waited])
      clearTimeout(timer)
      if (result) return result
      if (!slowNoted) {
        slowNoted = true
        log.warn(`${slow}; polls use the owned accounts cached earlier until it does`)
      }
      return fromCache(lastProblem ?? slow)
    },
  }
}

export type OwnershipCache = ReturnType<typeof ownershipCache>
