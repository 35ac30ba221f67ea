import type { HistoryFilter, MomentDetail, Request, Response } from '../../../shared/ipc/contract.ts'
import { historyWhere } from '../../core/store/historyQuery.ts'
import type { Store } from '../../core/store/store.ts'
import { forwardStates } from './forwardStates.ts'
import { historyQueryFrom } from './historyFilter.ts'
import { describeOnceKey, describeSnoozeKey, momentDetail, momentSummary } from './momentViews.ts'
import { lastLocalDays, timelineSeries } from './timeline.ts'

export interface HistoryServiceDeps {
  /** The current state file: it changes when the user leaves the demo for their warehouse */
  store: () => Store
  clock?: () => number
  /** A loaded rule's `snoozeBy` and `once` field names, for "why you got this"; null when unknown */
  ruleKeys?: (ruleId: string) => { snoozeBy: readonly string[]; once: readonly string[] | null } | null
}

export type HistoryService = ReturnType<typeof createHistoryService>

/** What the history window reads and changes in the store, one method per IPC channel. */
export function createHistoryService(deps: HistoryServiceDeps) {
  const clock = deps.clock ?? Date.now

  return {
    list(request: Request<'moments.list'>): Response<'moments.list'> {
      const store = deps.store()
      const query = historyQueryFrom(request.filter)
      const moments = store.moments.list(query, { limit: request.limit, offset: request.offset })
      const forwards = forwardStates(
        store.db,
        moments.map((m) => m.id),
      )
      return {
        items: moments.map((m) => momentSummary(m, forwards.get(m.id))),
        total: store.moments.count(query),
      }
    },

    get(id: string): MomentDetail | null {
      const store = deps.store()
      const moment = store.moments.get(id)
      if (!moment) return null
      const now = clock()
      const key = store.db
        .prepare<[string], { snooze_key: string }>('SELECT snooze_key FROM moments WHERE id = ?')
        .get(id)?.snooze_key
      const keys = deps.ruleKeys?.(moment.rule) ?? null
      const until = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
      return momentDetail(moment, forwardStates(store.db, [id]).get(id) ?? { state: 'none', error: null }, {
        snoozedBy: describeSnoozeKey(key ?? null, keys?.snoozeBy ?? null),
        onceBy: describeOnceKey(keys?.once ?? null, moment.event),
        mutes: {
          accountUntil: until(store.mutes.activeUntil('account', moment.accountId, now)),
          ruleUntil: until(store.mutes.activeUntil('rule', moment.rule, now)),
        },
      })
    },

    markRead(ids: readonly string[], read = true): Response<'moments.markRead'> {
      const store = deps.store()
      const now = clock()
      const unread = store.db.prepare(
        'UPDATE moments SET read_at = NULL WHERE id = ? AND read_at IS NOT NULL',
      )
      const updated = store.transaction(() =>
        ids.reduce(
          (n, id) => n + (read ? Number(store.moments.markRead(id, now)) : unread.run(id).changes),
          0,
        ),
      )
      return { updated }
    },

    markAllRead(filter: HistoryFilter): Response<'moments.markAllRead'> {
      const store = deps.store()
      const where = historyWhere(historyQueryFrom(filter))
      const result = store.db
        .prepare(
          `UPDATE moments SET read_at = @now
           WHERE read_at IS NULL AND seq IN (SELECT m.seq FROM moments m ${where.sql})`,
        )
        .run({ ...where.params, now: clock() })
      return { updated: result.changes }
    },

    timeline(accountId: string, dayCount: number): Response<'moments.timeline'> {
      const { days, startMs } = lastLocalDays(clock(), dayCount)
      const rows = deps
        .store()
        .db.prepare<[string, number], { ruleId: string; ruleName: string; occurredAt: number }>(
          `SELECT rule_id AS ruleId, rule_name AS ruleName, occurred_at AS occurredAt FROM moments
           WHERE account_id = ? AND occurred_at >= ? ORDER BY occurred_at`,
        )
        .iterate(accountId, startMs)
      return { days, series: timelineSeries(days, rows) }
    },

    filterOptions(): Response<'filters.options'> {
      const db = deps.store().db
      // The newest name wins: an account renamed in Salesforce shows its current name.
      const accounts = db
        .prepare<[], { id: string; name: string }>(
          `SELECT account_id AS id, account_name AS name, max(seq) FROM moments GROUP BY account_id
           ORDER BY account_name COLLATE NOCASE`,
        )
        .all()
        .map(({ id, name }) => ({ id, name }))
      const rules = db
        .prepare<[], { id: string; name: string }>(
          `SELECT rule_id AS id, rule_name AS name, max(seq) FROM moments GROUP BY rule_id
           ORDER BY rule_name COLLATE NOCASE`,
        )
        .all()
        .map(({ id, name }) => ({ id, name }))
      return { accounts, rules }
    },
  }
}
