import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openMomentsStore } from '../../../main/core/store/store.ts'
import { dispatchIpc } from '../../../main/desktop/service/ipcHandlers.ts'
import { IpcRequestError, MAX_REQUEST_CHARS } from '../../../main/desktop/service/ipcRequest.ts'
import { CHANNELS } from '../../../shared/ipc/contract.ts'
import { testDesktop } from '../../support/testDesktop.ts'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const done of cleanups.splice(0)) done()
})

function handlers() {
  const dir = mkdtempSync(join(tmpdir(), 'moments-ipc-'))
  const store = openMomentsStore(join(dir, 'moments.db'))
  const desktop = testDesktop({ store })
  cleanups.push(() => {
    store.close()
    desktop.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return desktop
}

describe('the IPC handlers', () => {
  it('cover every channel of the contract', () => {
    expect(Object.keys(handlers().handlers).sort()).toEqual([...CHANNELS].sort())
  })

  it('answer a valid request', async () => {
    const { handlers: h } = handlers()
    await expect(h['moments.list']({ filter: {}, offset: 0, limit: 50 })).resolves.toEqual({
      items: [],
      total: 0,
    })
  })

  it.each([
    ['an unknown key', { filter: {}, offset: 0, limit: 50, sql: 'DROP TABLE moments' }, /unknown key/],
    ['a wrong type', { filter: {}, offset: '0', limit: 50 }, /offset: /],
    ['a page too large', { filter: {}, offset: 0, limit: 100_000 }, /limit: /],
    ['a negative offset', { filter: {}, offset: -1, limit: 10 }, /offset: /],
    ['a search too long', { filter: { search: 'x'.repeat(501) }, offset: 0, limit: 10 }, /filter\.search: /],
    ['an unknown status', { filter: { status: 'deleted' }, offset: 0, limit: 10 }, /filter\.status: /],
    ['no request at all', undefined, /expected object/],
  ])('refuse %s with a message that names the channel and the key', async (_, request, reason) => {
    const { handlers: h } = handlers()
    const call = (h['moments.list'] as (r: unknown) => Promise<unknown>)(request)
    await expect(call).rejects.toThrow(IpcRequestError)
    await expect(call).rejects.toThrow(/^moments\.list: /)
    await expect(call).rejects.toThrow(reason)
  })

  it.each([
    [
      'a filter (a thread is read by its moment only)',
      { id: 'm', filter: { status: 'snoozed' }, offset: 0, limit: 5 },
      /unknown key/,
    ],
    ['a page too large', { id: 'm', offset: 0, limit: 100_000 }, /limit: /],
    ['no moment', { offset: 0, limit: 5 }, /id: /],
  ])('refuse a thread request with %s', async (_, request, reason) => {
    const { handlers: h } = handlers()
    const call = (h['moments.thread'] as (r: unknown) => Promise<unknown>)(request)
    await expect(call).rejects.toThrow(/^moments\.thread: /)
    await expect(call).rejects.toThrow(reason)
  })

  it('refuse an oversized or non-plain payload before parsing it', async () => {
    const { handlers: h } = handlers()
    const big = { kind: 'account', target: 'x'.repeat(MAX_REQUEST_CHARS), forMs: 60_000 }
    await expect((h['mutes.set'] as (r: unknown) => Promise<unknown>)(big)).rejects.toThrow(/too large/)
    await expect((h['mutes.set'] as (r: unknown) => Promise<unknown>)({ forMs: 10n })).rejects.toThrow(
      /not plain data/,
    )
  })

  it('refuse a channel outside the contract', async () => {
    const { handlers: h } = handlers()
    await expect(dispatchIpc(h, 'shell.openExternal', { url: 'https://evil.example' })).rejects.toThrow(
      /unknown channel shell\.openExternal/,
    )
    await expect(dispatchIpc(h, 'status.get', {})).resolves.toMatchObject({ phase: 'idle', demo: true })
  })

  it('never hand a secret to a window', async () => {
    const desktop = handlers()
    const h = desktop.handlers
    const saved = await h['settings.save']({
      warehouseUrl: 'postgres://reader:pw-secret@wh.example.com/analytics',
      salesforceInstanceUrl: 'https://example.my.salesforce.com',
      salesforceAccessToken: 'sf-secret',
      slackMode: 'bot',
      slackBotToken: 'xoxb-secret',
      slackChannel: '#moments',
    })
    expect(saved.ok).toBe(true)
    const view = JSON.stringify(await h['settings.get']({}))
    for (const secret of ['pw-secret', 'sf-secret', 'xoxb-secret']) expect(view).not.toContain(secret)
    expect(JSON.parse(view)).toMatchObject({
      secretsSaved: { warehousePassword: true, salesforceAccessToken: true, slackBotToken: true },
    })
  })
})
