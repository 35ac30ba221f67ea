import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openMomentsStore, type Store } from '../../main/core/store/store.ts'
import { dispatch } from '../../main/desktop/ipc/registerIpc.ts'
import type { IpcSender } from '../../main/desktop/ipc/senderTrust.ts'
import { dispatchIpc } from '../../main/desktop/service/ipcHandlers.ts'
import { CHANNELS, type Channel, MAIN_CHANNELS, type MainHandlers } from '../../shared/ipc/contract.ts'
import { type TestDesktop, testDesktop } from '../support/testDesktop.ts'

// A compromised or buggy window calling main: forged channels, forged senders, payloads that are
// not what the contract says — wrong shapes, prototype pollution, 10 MB strings, a million array
// items, cycles, values structured clone can carry but JSON can't. Two layers refuse them:
// registration in main (sender, then the channel's schema) and the handlers in the pipeline
// worker (size, then the schema again). Every refusal happens before a handler runs.

const WINDOW = 3
const ours: IpcSender = {
  sender: { id: WINDOW },
  senderFrame: { url: 'app://moments/index.html', parent: null },
}
const TEN_MB = 'x'.repeat(10 * 1024 * 1024)

let dir: string
let store: Store
let desktop: TestDesktop
/** What main passed on to the worker: [channel, request] */
const invoked: Array<[string, unknown]> = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'moments-ipc-security-'))
  store = openMomentsStore(join(dir, 'moments.db'))
  desktop = testDesktop({ store })
})

beforeEach(() => {
  invoked.length = 0
})

afterAll(() => {
  store.close()
  desktop.close()
  rmSync(dir, { recursive: true, force: true })
})

const record = async (channel: string, parsed: unknown) => {
  invoked.push([channel, parsed])
  return null
}

/** main's registration, handing what passes on to a recorder instead of its handlers or the worker */
function throughMain(channel: string, request: unknown, sender: IpcSender = ours): Promise<unknown> {
  return dispatch(channel, sender, request, {
    main: Object.fromEntries(
      MAIN_CHANNELS.map((c) => [c, (parsed: unknown) => record(c, parsed)]),
    ) as unknown as MainHandlers,
    invoke: record,
    windowIds: () => new Set([WINDOW]),
  })
}

/** the worker's handlers, called directly (as if main's checks had been bypassed) */
function throughHandlers(channel: unknown, request: unknown): Promise<unknown> {
  return dispatchIpc(desktop.handlers, channel, request)
}

/** Hostile payloads for every channel: none is a valid request of any channel. */
function hostile(): Array<[string, unknown]> {
  const cyclic: Record<string, unknown> = { filter: {} }
  cyclic.self = cyclic
  let deep: Record<string, unknown> = {}
  const root = deep
  for (let i = 0; i < 5_000; i++) deep = deep.next = {}
  return [
    ['a 10 MB string in an extra key', { filter: {}, id: 'm1', blob: TEN_MB }],
    ['a 10 MB string as the payload', TEN_MB],
    ['a million array items', Array.from({ length: 1_000_000 }, (_, i) => i)],
    ['__proto__ from JSON', JSON.parse('{"__proto__": {"polluted": true}, "filter": {}}')],
    ['constructor.prototype', { constructor: { prototype: { polluted: true } } }],
    ['a cycle', cyclic],
    ['5,000 levels of nesting', root],
    ['a BigInt', { id: 10n }],
    ['a Map', new Map([['id', 'm1']])],
    ['a Date', new Date(0)],
    ['null', null],
    ['a number', 42],
  ]
}

describe('forged channels', () => {
  it.each([
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'toString',
    'moments.list ',
    'Moments.List',
    'moments.list\u0000',
    '../settings.save',
    'shell.openExternal',
  ])('%j: refused by main and by the handlers', async (channel) => {
    await expect(throughMain(channel, {})).rejects.toThrow(/not a channel of the contract/)
    await expect(throughHandlers(channel, {})).rejects.toThrow(/unknown channel/)
    expect(invoked).toEqual([])
  })
})

describe('forged senders', () => {
  it.each([
    'app://moments@evil.example/index.html',
    'app://evil.example/#app://moments',
    'app://moments.evil.example/index.html',
    'app://moments%2eevil/index.html',
    'blob:app://moments/0000',
    'data:text/html,<script>1</script>',
    'javascript:alert(1)',
    'file:///app/moments/index.html',
    'http://moments/index.html',
    'not a url',
  ])('a top frame at %j: refused', async (url) => {
    await expect(
      throughMain('status.get', {}, { sender: { id: WINDOW }, senderFrame: { url, parent: null } }),
    ).rejects.toThrow(/sender is not a Moments window/)
    expect(invoked).toEqual([])
  })
})

describe.each(CHANNELS)('%s with hostile payloads', (channel: Channel) => {
  it.each(hostile())('%s: refused before anything runs, nothing polluted', async (_, payload) => {
    // main refuses it, or passes on only what its schema parsed: a plain, valid request (a Map or
    // a Date, with no keys of their own, reads as {} on a channel that takes no required field).
    await throughMain(channel, payload).catch((error: Error) =>
      expect(error.message).toMatch(/invalid request/),
    )
    for (const [, parsed] of invoked) {
      expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
      await expect(throughHandlers(channel, parsed)).resolves.toBeDefined()
    }
    // The worker refuses the payload itself, whatever main did.
    await expect(throughHandlers(channel, payload)).rejects.toThrow(
      new RegExp(`^${channel.replace('.', '\\.')}: `),
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })
})

describe('valid shapes with every string at 10 MB', () => {
  it.each(CHANNELS)('%s: refused for its length', async (channel) => {
    const payloads = stretched(channel)
    for (const payload of payloads) {
      await expect(throughMain(channel, payload)).rejects.toThrow(/invalid request/)
      await expect(throughHandlers(channel, payload)).rejects.toThrow(/too large|too_big|Too big|at most/)
    }
    expect(invoked).toEqual([])
  })
})

/** A valid request of `channel` with one of its strings replaced by 10 MB, one per string field. */
function stretched(channel: Channel): unknown[] {
  const valid: Record<Channel, Record<string, unknown>> = {
    'moments.list': { filter: { search: 's', accountId: 'a', ruleId: 'r' }, offset: 0, limit: 10 },
    'moments.thread': { id: 'm', search: 's', offset: 0, limit: 10 },
    'moments.get': { id: 'm' },
    'moments.markRead': { ids: ['m'] },
    'moments.markAllRead': { filter: { search: 's' } },
    'moments.timeline': { accountId: 'a', days: 7 },
    'moments.act': { id: 'm', kind: 'done' },
    'filters.options': {},
    'mutes.set': { kind: 'account', target: 't', forMs: 60_000 },
    'mutes.clear': { kind: 'rule', target: 't' },
    'mutes.list': {},
    'status.get': {},
    'sync.now': {},
    'app.openAccount': { accountId: 'a' },
    'app.openSettings': {},
    'rules.preview': { sinceMs: 0, rulesPath: 'p', comparePath: 'c' },
    'rules.usage': { sinceMs: 0 },
    'settings.get': {},
    'settings.save': { warehouseQuery: 'q', warehouseUrl: 'u', slackBotToken: 't', ownerFields: ['OwnerId'] },
    'settings.testWarehouse': { url: 'u', password: 'p', query: 'q' },
    'settings.validateRules': { path: 'p' },
    'settings.salesforceSignIn': { instanceUrl: 'u' },
    'settings.salesforceSignOut': {},
    'settings.testChannel': { channel: 'slack' },
  }
  const base = valid[channel]
  const out: unknown[] = []
  const visit = (value: unknown, replace: (v: unknown) => unknown): void => {
    if (typeof value === 'string') out.push(replace(TEN_MB))
    else if (Array.isArray(value))
      for (const [i, item] of value.entries())
        visit(item, (v) => replace(value.map((x, j) => (j === i ? v : x))))
    else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) visit(item, (v) => replace({ ...value, [key]: v }))
  }
  visit(base, (v) => v)
  // Channels without strings: 10 MB under a key of their own.
  return out.length > 0 ? out : [{ ...base, padding: TEN_MB }]
}
