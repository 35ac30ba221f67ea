import type { HistoryFilter, MomentDetail, Request, Response } from '../../../shared/ipc/contract.ts'
import { accountFieldsUsed } from '../../core/rules/accountFieldsUsed.ts'
import type { StoredMoment } from '../../core/store/moments.ts'
import type { Store } from '../../core/store/store.ts'
import { forwardStates } from './forwardStates.ts'
import { historyQueryFrom } from './historyFilter.ts'
import {
  describeOnceKey,
  describeSnoozeKey,
  momentDetail,
  momentSummary,
  type ThreadPlace,
} from './momentViews.ts'
import { lastLocalDays, timelineSeries } from './timeline.ts'

export interface HistoryServiceDeps {
  /** The current state file: it changes when the user leaves the demo for their warehouse */
  store: () => Store
  clock?: () => number
  /** A loaded rule's `snoozeBy` and `once` field names, for "why you got this"; null when unknown */
  ruleKeys?: (ruleId: string) => { snoozeBy: readonly string[]; once: readonly string[] | null } | null
}

export type HistoryService = ReturnType<typeof createHistoryService>

/** How far a threaded search of a frequent word is counted (README: the history window) */
export const COUNT_CAP = 1_000

/** What the history window reads and changes in the store, one method per IPC channel. */
export function createHistoryService(deps: HistoryServiceDeps) {
  const clock = deps.clock ?? Date.now

  return {
    list(request: Request<'moments.list'>): Response<'moments.list'> {
      const store = deps.store()
      const query = historyQueryFrom(request.filter)
      const moments = store.moments.list(query, { limit: request.limit, offset: request.offset })
      const total = store.moments.countUpTo(query, COUNT_CAP)
      return {
        items: summaries(store, moments, query.threads ? query.search : undefined, query.threads === true),
        total: total.count,
        ...(total.more ? { totalAtLeast: true } : {}),
      }
    },

    thread(request: Request<'moments.thread'>): Response<'moments.thread'> {
      const store = deps.store()
      const page = store.threads.repeats(
        request.id,
        { limit: request.limit, offset: request.offset },
        request.search,
      )
      return { items: summaries(store, page.items, undefined, false), total: page.total }
    },

    get(id: string): MomentDetail | null {
      const store = deps.store()
      const moment = store.moments.get(id)
      if (!moment) return null
      const now = clock()
      const key = store.moments.snoozeKey(id)
      const keys = deps.ruleKeys?.(moment.rule) ?? null
      const until = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
      return momentDetail(
        moment,
        forwardStates(store.outbox.forwardsOf([id])).get(id) ?? { state: 'none', error: null, channel: null },
        {
          snoozedBy: describeSnoozeKey(key ?? null, keys?.snoozeBy ?? null),
          onceBy: describeOnceKey(keys?.once ?? null, moment.event),
          // The condition the moment was judged by, as recorded with it (the rule may have changed).
          accountFieldsUsed: accountFieldsUsed(moment.ruleWhen),
          accountLabels: store.accounts.fields(),
          mutes: {
            accountUntil: until(store.mutes.activeUntil('account', moment.accountId, now)),
            ruleUntil: until(store.mutes.activeUntil('rule', moment.rule, now)),
          },
          actions: store.actions.of(id),
          thread: threadPlaces(store, [moment], undefined, true).get(moment.id),
        },
      )
    },

    markRead(ids: readonly string[], read = true): Response<'moments.markRead'> {
      const store = deps.store()
      const now = clock()
      const updated = store.transaction(() =>
        ids.reduce(
          (n, id) => n + Number(read ? store.moments.markRead(id, now) : store.moments.markUnread(id)),
          0,
        ),
      )
      return { updated }
    },

    markAllRead(filter: HistoryFilter): Response<'moments.markAllRead'> {
      // Everything the filter matches, the repeats in the threads too.
      const { threads: _, ...flat } = historyQueryFrom(filter)
      return { updated: deps.store().moments.markAllRead(flat, clock()) }
    },

    timeline(accountId: string, dayCount: number): Response<'moments.timeline'> {
      const { days, startMs } = lastLocalDays(clock(), dayCount)
      return { days, series: timelineSeries(days, deps.store().moments.timeline(accountId, startMs)) }
    },

    filterOptions(): Response<'filters.options'> {
      const { moments } = deps.store()
      return { accounts: moments.accountsSeen(), rules: moments.rulesSeen() }
    },
  }
}

/** List rows: each moment with its forward state, its actions and its place in a thread. */
function summaries(store: Store, moments: StoredMoment[], search: string | undefined, withRepeats: boolean) {
  const ids = moments.map((m) => m.id)
  const forwards = forwardStates(store.outbox.forwardsOf(ids))
  const actions = store.actions.ofMany(ids)
  const places = threadPlaces(store, moments, search, withRepeats)
  return moments.map((m) => momentSummary(m, forwards.get(m.id), actions.get(m.id), places.get(m.id)))
}

/**
 * A repeat's delivered moment (by id), and with `withRepeats` a delivered moment's repeats
 * (those `search` matches, when given).
 */
function threadPlaces(
  store: Store,
  moments: StoredMoment[],
  search: string | undefined,
  withRepeats: boolean,
): Map<string, ThreadPlace> {
  const heads = new Map<number, string | null>()
  for (const m of moments)
    if (m.threadSeq !== null && !heads.has(m.threadSeq))
      heads.set(m.threadSeq, store.threads.idOf(m.threadSeq))
  const repeats = withRepeats
    ? store.threads.repeatsOf(
        moments.filter((m) => m.status === 'delivered').map((m) => m.seq),
        search,
      )
    : new Map()
  const places = new Map<string, ThreadPlace>()
  for (const m of moments) {
    const own = repeats.get(m.seq)
    places.set(m.id, {
      threadOf: m.threadSeq === null ? null : (heads.get(m.threadSeq) ?? null),
      repeats: own ? { count: own.count, lastAt: new Date(own.lastAt).toISOString() } : null,
    })
  }
  return places
}
