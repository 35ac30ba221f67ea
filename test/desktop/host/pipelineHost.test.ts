import { describe, expect, it } from 'vitest'
import { pipelineHost, type WorkerProcessPort } from '../../../main/desktop/host/pipelineHost.ts'
import type { ToWorker } from '../../../main/desktop/worker/protocol.ts'

class FakeWorker implements WorkerProcessPort {
  received: ToWorker[] = []
  private listener: (raw: unknown) => void = () => {}
  private exit: (code: number | null) => void = () => {}
  killed = false
  post = (message: ToWorker) => void this.received.push(message)
  onMessage = (listener: (raw: unknown) => void) => {
    this.listener = listener
  }
  onExit = (listener: (code: number | null) => void) => {
    this.exit = listener
  }
  kill = () => {
    this.killed = true
  }
  say(message: unknown) {
    this.listener(message)
  }
  die(code: number | null) {
    this.exit(code)
  }
}

function setup() {
  const workers: FakeWorker[] = []
  const logs: string[] = []
  const problems: string[] = []
  const served: unknown[] = []
  const host = pipelineHost({
    spawn: () => {
      const w = new FakeWorker()
      workers.push(w)
      return w
    },
    startMessage: () => ({ type: 'start', userDataDir: '/u', secrets: {}, vault: { ok: true } }),
    serve: async (request) => {
      served.push(request)
      if (request.op === 'open.signIn') throw new Error('refused')
      return true
    },
    events: {
      ready: () => {},
      status: () => {},
      delivered: () => {},
      prefs: () => {},
      problem: (m) => problems.push(m),
    },
    log: (_level, message) => logs.push(message),
    restartDelayMs: () => 5,
  })
  host.start()
  return { host, workers, logs, problems, served }
}

describe('the pipeline host', () => {
  it('starts the worker with the start message and matches results to invokes', async () => {
    const { host, workers } = setup()
    const worker = workers[0] as FakeWorker
    expect(worker.received[0]).toMatchObject({ type: 'start' })
    const pending = host.invoke('status.get', {})
    const sent = worker.received[1] as Extract<ToWorker, { type: 'invoke' }>
    worker.say({ type: 'result', id: sent.id, value: { phase: 'idle' } })
    await expect(pending).resolves.toEqual({ phase: 'idle' })
    const failing = host.invoke('moments.get', { id: 'x' })
    worker.say({ type: 'result', id: (worker.received[2] as { id: number }).id, error: 'boom' })
    await expect(failing).rejects.toThrow('boom')
  })

  it('drops messages that do not fit the protocol', () => {
    const { workers, logs } = setup()
    workers[0]?.say({ type: 'status', state: { phase: 'dancing' } })
    workers[0]?.say('not even an object')
    expect(logs.filter((l) => l.startsWith('dropped a worker message'))).toHaveLength(2)
  })

  it("answers the worker's requests, errors included", async () => {
    const { workers, served } = setup()
    const worker = workers[0] as FakeWorker
    worker.say({ type: 'request', id: 1, request: { op: 'vault.delete', name: 'warehousePassword' } })
    worker.say({ type: 'request', id: 2, request: { op: 'open.signIn', url: 'http://x' } })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(served).toHaveLength(2)
    expect(worker.received.slice(1)).toEqual([
      { type: 'answer', id: 1, value: true },
      { type: 'answer', id: 2, error: 'refused' },
    ])
  })

  it('restarts a crashed worker and fails the calls that were in flight', async () => {
    const { host, workers, problems } = setup()
    const inFlight = host.invoke('status.get', {})
    workers[0]?.die(1)
    await expect(inFlight).rejects.toThrow('stopped')
    await expect(host.invoke('status.get', {})).rejects.toThrow('restarting')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(workers).toHaveLength(2)
    expect(workers[1]?.received[0]).toMatchObject({ type: 'start' })
    expect(problems).toHaveLength(1)
  })

  it('stops by asking, and kills a worker that does not answer', async () => {
    const { host, workers } = setup()
    const worker = workers[0] as FakeWorker
    const stopping = host.stop(30)
    expect(worker.received.at(-1)).toEqual({ type: 'stop' })
    await stopping
    expect(worker.killed).toBe(true)
  })
})
