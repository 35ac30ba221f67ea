import { describe, expect, it } from 'vitest'
import { type MainActions, mainHandlers } from '../../../main/desktop/ipc/mainHandlers.ts'
import type { SyncState } from '../../../shared/ipc/contract.ts'

const STATE: SyncState = {
  phase: 'paused',
  lastSuccessAt: null,
  lastError: null,
  catchUp: null,
  pausedUntil: '2026-11-26T13:00:00.000Z',
  demo: false,
  unread: 2,
}

function setup(overrides: Partial<MainActions> = {}) {
  const opened: string[] = []
  const logged: string[] = []
  let syncs = 0
  let settings = 0
  const handlers = mainHandlers({
    status: () => STATE,
    syncNow: () => void syncs++,
    salesforceInstanceUrl: () => 'https://acme.my.salesforce.com',
    shell: { openExternal: async (url) => void opened.push(url) },
    openSettings: () => void settings++,
    log: (message) => void logged.push(message),
    ...overrides,
  })
  return { handlers, opened, logged, syncs: () => syncs, settings: () => settings }
}

describe('the channels the main process answers itself', () => {
  it('answers the sync state it holds (pause and offline are its own) and polls on Sync now', async () => {
    const t = setup()
    await expect(t.handlers['status.get']({})).resolves.toEqual(STATE)
    await expect(t.handlers['sync.now']({})).resolves.toEqual({ ok: true })
    expect(t.syncs()).toBe(1)
  })

  it('opens an account in the user’s own Salesforce, and nothing without one', async () => {
    const t = setup()
    await expect(t.handlers['app.openAccount']({ accountId: '001000000000001AAA' })).resolves.toEqual({
      ok: true,
    })
    expect(t.opened).toEqual(['https://acme.my.salesforce.com/lightning/r/Account/001000000000001AAA/view'])
    await expect(t.handlers['app.openAccount']({ accountId: 'not-an-id' })).resolves.toEqual({ ok: false })
    const none = setup({ salesforceInstanceUrl: () => null })
    await expect(none.handlers['app.openAccount']({ accountId: '001000000000001AAA' })).resolves.toEqual({
      ok: false,
    })
    expect(none.opened).toEqual([])
  })

  it('refuses a link outside the allow-list (not https), and says so in the log', async () => {
    const t = setup({ salesforceInstanceUrl: () => 'http://acme.example.com' })
    await expect(t.handlers['app.openAccount']({ accountId: '001000000000001AAA' })).resolves.toEqual({
      ok: false,
    })
    expect(t.opened).toEqual([])
    expect(t.logged).toEqual([
      'refused to open a link outside your Salesforce instance: http://acme.example.com',
    ])
  })

  it('opens the settings window, or says the window must show settings itself', async () => {
    const t = setup()
    await expect(t.handlers['app.openSettings']({})).resolves.toEqual({ ok: true })
    expect(t.settings()).toBe(1)
    await expect(setup({ openSettings: undefined }).handlers['app.openSettings']({})).resolves.toEqual({
      ok: false,
    })
  })

  it('validates each request like the worker does', async () => {
    const t = setup()
    await expect(t.handlers['app.openAccount']({ accountId: '' } as never)).rejects.toThrow(
      /app\.openAccount/,
    )
    await expect(t.handlers['status.get']({ extra: 1 } as never)).rejects.toThrow(/status\.get/)
  })
})
