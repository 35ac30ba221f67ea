import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../main/core/store/migrations.ts'
import { openStore } from '../../../main/core/store/openStore.ts'
import { createStore, openMomentsStore } from '../../../main/core/store/store.ts'

/** A state file as a Moments of schema `version` left it. */
function stateFileAt(version: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'moments-migrate-')), 'state.db')
  const db = new Database(path)
  for (const migration of MIGRATIONS.slice(0, version)) db.exec(migration)
  db.pragma(`user_version = ${version}`)
  db.prepare(
    `INSERT INTO moments (id, rule_id, rule_name, rule_when, account_id, account_name, severity, title, body,
       source, event_ids, event, occurred_at, loaded_at, recorded_at, status, snooze_key, snooze_ms)
     VALUES (?, 'r', 'R', 'true', 'a', 'A', 'normal', 't', 'b', 's', '[]', '{}', 1, 1, 1, 'delivered', 'k', 0)`,
  ).run('m1')
  const enqueue = db.prepare(
    `INSERT INTO outbox (moment_id, channel, status, next_attempt_at, created_at, ${version >= 4 ? 'sent_ref' : 'slack_ts'})
     VALUES ('m1', ?, ?, 1, 1, ?)`,
  )
  enqueue.run('#moments', 'sent', '1712345678.000100')
  enqueue.run('webhook', 'pending', null)
  db.close()
  return path
}

describe('migration 4: outbox destinations name their channel', () => {
  it("types every existing key as Slack's and keeps the posted message's ts as its reference", () => {
    const path = stateFileAt(3)
    const store = openMomentsStore(path)
    try {
      expect(store.outbox.forwardsOf(['m1']).map((f) => [f.channel, f.status])).toEqual([
        ['slack:#moments', 'sent'],
        ['slack:webhook', 'pending'],
      ])
      expect(store.outbox.head('slack:webhook')).toMatchObject({ momentId: 'm1' })
      expect(store.outbox.head('webhook')).toBeNull()
    } finally {
      store.close()
    }
    const raw = new Database(path, { readonly: true })
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
      expect(raw.prepare("SELECT sent_ref FROM outbox WHERE channel = 'slack:#moments'").get()).toEqual({
        sent_ref: '1712345678.000100',
      })
    } finally {
      raw.close()
    }
  })
})

describe('migration 5: actions on moments', () => {
  it('adds the actions table to a schema-4 state file, its moments ready to be acted on', () => {
    const path = stateFileAt(4)
    const store = openMomentsStore(path)
    try {
      expect(store.moments.count({ notActed: true })).toBe(1)
      store.actions.add('m1', 'log', 2, '00T000000000001AAA')
      expect(store.actions.of('m1')).toEqual([
        { kind: 'log', at: new Date(2).toISOString(), ref: '00T000000000001AAA' },
      ])
      expect(store.moments.count({ notActed: true })).toBe(0)
    } finally {
      store.close()
    }
  })
})

describe('a state file of an older Moments, opened to read', () => {
  it('is brought up to date first, so `history` and `stats` can read the actions', () => {
    const path = stateFileAt(4)
    const store = createStore(openStore(path, { readonly: true }))
    try {
      expect(store.actions.of('m1')).toEqual([])
      expect(store.moments.count({ notActed: true })).toBe(1)
      expect(() => store.actions.add('m1', 'done', 1)).toThrow(/readonly/)
    } finally {
      store.close()
    }
  })
})

describe('migration 6: account fields and hand-overs', () => {
  it('keeps the moments and the cached book of a state file from before, without account fields', () => {
    const path = stateFileAt(3)
    const raw = new Database(path)
    raw.prepare(`INSERT INTO accounts (id, name, people) VALUES ('001000000000001AAA', 'Acme', '[]')`).run()
    raw
      .prepare(
        `INSERT INTO ownership (id, user_id, source, refreshed_at) VALUES (1, '005', 'salesforce:x', 1)`,
      )
      .run()
    raw.close()
    const store = openMomentsStore(path)
    try {
      expect(store.moments.get('m1')?.account).toBeNull()
      expect(store.accounts.load()?.snapshot).toEqual({
        userId: '005',
        accounts: [{ id: '001000000000001AAA', name: 'Acme', people: [] }],
      })
      expect(store.handovers.pending()).toEqual([])
      const change = store.accounts.replace(
        {
          userId: '005',
          accounts: [
            { id: '001000000000001AAA', name: 'Acme', people: [], fields: { Type: 'Customer - Direct' } },
            { id: '001000000000002AAA', name: 'Bolt', people: [], fields: { Type: 'Trial' } },
          ],
          accountFields: [{ path: 'Type', label: 'Account Type', type: 'picklist' }],
        },
        'salesforce:x',
        2,
      )
      expect(change).toEqual({ first: false, added: ['001000000000002AAA'], removed: [] })
      expect(store.accounts.load()?.snapshot.accountFields).toEqual([
        { path: 'Type', label: 'Account Type', type: 'picklist' },
      ])
    } finally {
      store.close()
    }
  })
})

describe('migration 8: a snoozed repeat names its delivered moment', () => {
  it('backfills every repeat with the delivered moment whose window it fell in, and no other moment', () => {
    const path = stateFileAt(7)
    const raw = new Database(path)
    const hour = 3_600_000
    const insert = raw.prepare(
      `INSERT INTO moments (id, rule_id, rule_name, rule_when, account_id, account_name, severity, title, body,
         source, event_ids, event, occurred_at, loaded_at, recorded_at, status, snooze_reason, snooze_key, snooze_ms)
       VALUES (?, 'r', 'R', 'true', 'a', 'A', 'normal', 't', 'b', 's', '[]', '{}', ?, 1, 1, ?, ?, ?, ?)`,
    )
    // Key k (4 h): d1 at 10 h and d2 at 15 h delivered; repeats at 11 h, 14 h (in both windows), 16 h,
    // a late one at 9 h, one muted at 12 h; key other: a repeat with no delivered moment in reach.
    insert.run('d1', 10 * hour, 'delivered', null, 'k', 4 * hour)
    insert.run('d2', 15 * hour, 'delivered', null, 'k', 4 * hour)
    insert.run('r11', 11 * hour, 'snoozed', 'window', 'k', 4 * hour)
    insert.run('r14', 14 * hour, 'snoozed', 'window', 'k', 4 * hour)
    insert.run('r16', 16 * hour, 'snoozed', 'window', 'k', 4 * hour)
    insert.run('r9', 9 * hour, 'snoozed', 'window', 'k', 4 * hour)
    insert.run('m12', 12 * hour, 'snoozed', 'rule-muted', 'k', 4 * hour)
    insert.run('o', 11 * hour, 'snoozed', 'window', 'other', 4 * hour)
    raw.close()
    const store = openMomentsStore(path)
    try {
      const seq = (id: string) => store.moments.get(id)?.seq
      const thread = (id: string) => store.moments.get(id)?.threadSeq
      expect(thread('d1')).toBeNull()
      expect(thread('m1')).toBeNull()
      expect(thread('r11')).toBe(seq('d1'))
      expect(thread('r14')).toBe(seq('d1'))
      expect(thread('r16')).toBe(seq('d2'))
      expect(thread('r9')).toBe(seq('d1'))
      expect(thread('m12')).toBeNull()
      expect(thread('o')).toBeNull()
    } finally {
      store.close()
    }
  })
})
