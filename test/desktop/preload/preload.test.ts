// The preload, run with a fake contextBridge and ipcRenderer: it exposes `moments` and nothing
// else, and the page can reach only the contract's channels through it.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS, EVENT_NAMES, type MomentsBridge } from '../../../shared/ipc/contract.ts'

const exposed = new Map<string, unknown>()
const invoked: [string, unknown][] = []
const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>()

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, request: unknown) => {
      invoked.push([channel, request])
      return { answered: channel }
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)?.add(listener)
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
      listeners.get(channel)?.delete(listener),
    send: () => {
      throw new Error('the preload must not use send')
    },
  },
}))

beforeEach(() => {
  invoked.length = 0
})

async function bridge(): Promise<MomentsBridge> {
  await import('../../../main/desktop/preload/preload.ts')
  return exposed.get('moments') as MomentsBridge
}

describe('the preload', () => {
  it('exposes exactly one key, `moments`, with invoke and on', async () => {
    const api = await bridge()
    expect([...exposed.keys()]).toEqual(['moments'])
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('invokes every contract channel, and refuses any other', async () => {
    const api = await bridge()
    for (const channel of CHANNELS) await api.invoke(channel, {} as never)
    expect(invoked.map(([c]) => c)).toEqual(CHANNELS)
    invoked.length = 0
    await expect(api.invoke('shell.openExternal' as never, {} as never)).rejects.toThrow('not a channel')
    await expect(api.invoke('__proto__' as never, {} as never)).rejects.toThrow('not a channel')
    await expect(api.invoke(42 as never, {} as never)).rejects.toThrow('not a channel')
    expect(invoked).toEqual([])
  })

  it('subscribes to contract events only, hands the payload (never the IPC event) and unsubscribes', async () => {
    const api = await bridge()
    expect(() => api.on('ipc.raw' as never, () => {})).toThrow('not an event')
    const got: unknown[] = []
    const off = api.on('status.changed', (payload) => got.push(payload))
    const listener = [...(listeners.get('status.changed') ?? [])][0]
    listener?.({ sender: 'the IpcRenderer event' }, { phase: 'idle' })
    expect(got).toEqual([{ phase: 'idle' }])
    off()
    expect(listeners.get('status.changed')?.size).toBe(0)
    expect(EVENT_NAMES).toContain('navigate')
  })

  it('keeps a navigation that arrives before the page listens, for the page’s first listener', async () => {
    const api = await bridge()
    // The preload listens from the start: main's push after did-finish-load reaches it.
    const fromMain = [...(listeners.get('navigate') ?? [])]
    expect(fromMain).toHaveLength(1)
    const send = (payload: unknown) => fromMain[0]?.({ sender: 'the IpcRenderer event' }, payload)
    send({ momentId: 'm0' })
    send({ momentId: 'm1' })
    const got: unknown[] = []
    const off = api.on('navigate', (payload) => got.push(payload))
    expect(got).toEqual([{ momentId: 'm1' }])
    send({ filter: { ids: ['m2', 'm3'] } })
    expect(got).toEqual([{ momentId: 'm1' }, { filter: { ids: ['m2', 'm3'] } }])
    off()
    const later: unknown[] = []
    api.on('navigate', (payload) => later.push(payload))
    expect(later).toEqual([])
  })
})
