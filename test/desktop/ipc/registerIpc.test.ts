import { describe, expect, it } from 'vitest'
import { type IpcMainPort, IpcRefusal, registerIpc } from '../../../main/desktop/ipc/registerIpc.ts'
import type { IpcSender } from '../../../main/desktop/ipc/senderTrust.ts'
import { CHANNELS, MAIN_CHANNELS, type MainHandlers } from '../../../shared/ipc/contract.ts'

class FakeIpcMain implements IpcMainPort {
  handlers = new Map<string, (event: IpcSender, request: unknown) => Promise<unknown>>()
  handle(channel: string, listener: (event: IpcSender, request: unknown) => Promise<unknown>) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel)
  }
  /** As Electron does: a channel without a handler is refused. */
  call(channel: string, event: IpcSender, request: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`))
    return handler(event, request)
  }
}

const OUR_WINDOW = 7
const fromWindow = (overrides: Partial<IpcSender> = {}): IpcSender => ({
  sender: { id: OUR_WINDOW },
  senderFrame: { url: 'app://moments/index.html#/history', parent: null },
  ...overrides,
})

function setup() {
  const ipcMain = new FakeIpcMain()
  const calls: [string, unknown][] = []
  const refused: string[] = []
  const answeredByMain: [string, unknown][] = []
  const unregister = registerIpc({
    ipcMain,
    main: Object.fromEntries(
      MAIN_CHANNELS.map((channel) => [
        channel,
        async (request: unknown) => {
          answeredByMain.push([channel, request])
          return { main: true }
        },
      ]),
    ) as unknown as MainHandlers,
    invoke: async (channel, request) => {
      calls.push([channel, request])
      return { ok: true }
    },
    windowIds: () => new Set([OUR_WINDOW]),
    onRefused: (channel, reason) => refused.push(`${channel}: ${reason}`),
  })
  return { ipcMain, calls, answeredByMain, refused, unregister }
}

describe('IPC registration in main', () => {
  it('registers exactly the contract channels', () => {
    const { ipcMain, unregister } = setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort())
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('passes a valid call from our window on, parsed', async () => {
    const { ipcMain, calls } = setup()
    await expect(ipcMain.call('moments.get', fromWindow(), { id: 'm1' })).resolves.toEqual({ ok: true })
    expect(calls).toEqual([['moments.get', { id: 'm1' }]])
  })

  it('answers what main owns itself, without a trip to the pipeline worker', async () => {
    const { ipcMain, calls, answeredByMain } = setup()
    for (const channel of ['status.get', 'sync.now', 'app.openSettings']) {
      await expect(ipcMain.call(channel, fromWindow(), {})).resolves.toEqual({ main: true })
    }
    await ipcMain.call('app.openAccount', fromWindow(), { accountId: '001000000000001AAA' })
    expect(answeredByMain.map(([channel]) => channel)).toEqual([
      'status.get',
      'sync.now',
      'app.openSettings',
      'app.openAccount',
    ])
    expect(calls).toEqual([])
  })

  it('refuses a channel outside the contract', async () => {
    const { ipcMain, calls } = setup()
    await expect(ipcMain.call('shell.exec', fromWindow(), { cmd: 'rm -rf /' })).rejects.toThrow('No handler')
    expect(calls).toEqual([])
  })

  it('refuses a payload that does not match the channel schema', async () => {
    const { ipcMain, calls, refused } = setup()
    await expect(ipcMain.call('moments.get', fromWindow(), { id: 42 })).rejects.toBeInstanceOf(IpcRefusal)
    await expect(ipcMain.call('moments.get', fromWindow(), { id: 'm1', extra: true })).rejects.toThrow(
      'invalid request',
    )
    await expect(
      ipcMain.call('mutes.set', fromWindow(), { kind: 'account', target: 'a', forMs: 1 }),
    ).rejects.toThrow('forMs')
    expect(calls).toEqual([])
    expect(refused).toHaveLength(3)
  })

  it('refuses senders that are not a top frame of our windows on app://moments', async () => {
    const { ipcMain, calls } = setup()
    const foreign = [
      fromWindow({ sender: { id: 99 } }),
      fromWindow({ senderFrame: null }),
      fromWindow({ senderFrame: { url: 'app://moments/index.html', parent: {} } }),
      fromWindow({ senderFrame: { url: 'https://evil.example/index.html', parent: null } }),
      fromWindow({ senderFrame: { url: 'file:///tmp/index.html', parent: null } }),
      fromWindow({ senderFrame: { url: 'app://moments.evil/index.html', parent: null } }),
    ]
    for (const event of foreign) {
      await expect(ipcMain.call('status.get', event, {})).rejects.toThrow('sender is not a Moments window')
    }
    expect(calls).toEqual([])
  })
})
