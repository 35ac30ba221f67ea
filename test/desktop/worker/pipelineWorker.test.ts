// The pipeline worker in a real child process, driven through the main process's host: it starts
// the core on the demo warehouse, reports progress and what it delivered, answers the windows'
// calls, polls when asked, asks main to keep secrets, and stops cleanly.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pipelineHost } from '../../../main/desktop/host/pipelineHost.ts'
import type { WorkerRequest } from '../../../main/desktop/worker/protocol.ts'
import type { SyncState } from '../../../shared/ipc/contract.ts'
import type { NoticeMoment } from '../../../shared/notice.ts'
import type { DesktopPrefs, SettingsView } from '../../../shared/settings/desktopSettings.ts'
import '../../support/providedContext.ts'
import { forkedWorker } from '../support/forkedWorker.ts'

interface Seen {
  ready: { demo: boolean; warehouse: string }[]
  status: SyncState[]
  delivered: { moments: NoticeMoment[]; total: number }[]
  prefs: DesktopPrefs[]
  requests: WorkerRequest[]
  problems: string[]
}

function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 90_000): Promise<T> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = check()
      if (value) return resolve(value)
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`))
      setTimeout(tick, 50)
    }
    tick()
  })
}

describe('the pipeline worker process', () => {
  let dataDir: string
  const stderr: string[] = []
  const seen: Seen = { ready: [], status: [], delivered: [], prefs: [], requests: [], problems: [] }
  let exitCode: number | null | undefined
  let host: ReturnType<typeof pipelineHost>

  beforeAll(async () => {
    dataDir = mkdtempSync(join(inject('pg').scratchDir, 'desktop-worker-'))
    host = pipelineHost({
      spawn: () => {
        const worker = forkedWorker(
          { ...process.env, MOMENTS_DATA_DIR: dataDir, MOMENTS_LOG_LEVEL: 'warn' },
          stderr,
        )
        worker.child.on('exit', (code) => {
          exitCode = code
        })
        return worker
      },
      startMessage: () => ({
        type: 'start',
        userDataDir: dataDir,
        secrets: { warehousePassword: 'from-the-vault' },
        vault: { ok: true },
      }),
      serve: async (request) => {
        seen.requests.push(request)
        return true
      },
      events: {
        ready: (info) => seen.ready.push(info),
        status: (sync) => seen.status.push(sync.state),
        delivered: (moments, total) => seen.delivered.push({ moments, total }),
        prefs: (prefs) => seen.prefs.push(prefs),
        problem: (message) => seen.problems.push(message),
      },
      log: () => {},
    })
    host.start()
    await until('ready', () => seen.ready[0], 120_000)
  }, 150_000)

  afterAll(async () => {
    await host?.stop(10_000)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('starts the demo and sends the notification settings', () => {
    expect(seen.ready[0]).toEqual({ demo: true, warehouse: 'demo warehouse (embedded PGlite)' })
    expect(seen.prefs[0]).toMatchObject({
      digestThreshold: 5,
      launchAtLogin: false,
      salesforceInstanceUrl: null,
    })
  })

  it('reports the first poll: syncing, then idle with a last success, and what it delivered', async () => {
    const done = await until('a finished poll', () =>
      seen.status.find((s) => s.phase === 'idle' && s.lastSuccessAt),
    )
    expect(seen.status.some((s) => s.phase === 'syncing' || s.phase === 'catching-up')).toBe(true)
    expect(done.demo).toBe(true)
    const first = await until('delivered', () => seen.delivered[0])
    expect(first.total).toBeGreaterThan(0)
    expect(first.moments[0]).toMatchObject({ id: expect.any(String), title: expect.stringContaining(' — ') })
    expect(done.unread).toBeGreaterThanOrEqual(first.total)
  })

  it('answers the windows through the IPC handlers, validating what they send', async () => {
    const list = (await host.invoke('moments.list', { filter: {}, offset: 0, limit: 5 })) as {
      items: { id: string }[]
      total: number
    }
    expect(list.items).toHaveLength(5)
    expect(list.total).toBeGreaterThan(5)
    await expect(host.invoke('moments.list', { filter: {}, offset: -1, limit: 5 })).rejects.toThrow(/offset/)
    await expect(host.invoke('shell.exec', {})).rejects.toThrow(/unknown channel/)
    // Main answers its own channels (status, sync now, links, windows): the worker refuses them.
    await expect(host.invoke('status.get', {})).rejects.toThrow(/unknown channel/)
    await expect(host.invoke('app.openSettings', {})).rejects.toThrow(/unknown channel/)
    expect(seen.status.at(-1)?.demo).toBe(true)
  })

  it('polls at once when asked (Sync now, resume from sleep)', async () => {
    const before = seen.status.length
    host.poll('resume')
    await until('a second poll', () => seen.status.slice(before).find((s) => s.phase === 'syncing'), 30_000)
    await until('its end', () => seen.status.slice(before).find((s) => s.phase === 'idle'), 30_000)
  })

  it('asks main to keep a secret, never writing it itself, and sends the new notification settings', async () => {
    const readyBefore = seen.ready.length
    const saved = (await host.invoke('settings.save', {
      warehousePassword: 'new-password',
      digestThreshold: 3,
    })) as {
      ok: boolean
    }
    expect(saved.ok).toBe(true)
    expect(seen.requests).toContainEqual({
      op: 'vault.set',
      name: 'warehousePassword',
      value: 'new-password',
    })
    await until('new prefs', () => seen.prefs.find((p) => p.digestThreshold === 3))
    expect(seen.ready.length).toBe(readyBefore)
    await until('the pipeline idle again', () => seen.status.at(-1)?.phase === 'idle', 60_000)
    const view = (await host.invoke('settings.get', {})) as SettingsView
    expect(view.secretsSaved.warehousePassword).toBe(true)
    expect(stderr.join('')).not.toContain('new-password')
  })

  it('reads a rules path only when it is a regular file: a FIFO or /dev/zero does not hang it', async () => {
    const fifo = join(dataDir, 'rules.fifo')
    execFileSync('mkfifo', [fifo])
    for (const [path, reason] of [
      [fifo, /not a regular file/],
      ['/dev/zero', /not a regular file/],
      [dataDir, /a directory/],
    ] as const) {
      const check = (await host.invoke('settings.validateRules', { path })) as {
        ok: boolean
        errors: { message: string }[]
      }
      expect(check.ok, path).toBe(false)
      expect(check.errors[0]?.message, path).toMatch(reason)
    }
    const list = (await host.invoke('moments.list', { filter: {}, offset: 0, limit: 1 })) as { total: number }
    expect(list.total).toBeGreaterThan(0)
  })

  it('stops cleanly when asked', async () => {
    await host.stop(15_000)
    await until('exit', () => exitCode !== undefined, 15_000)
    expect(exitCode).toBe(0)
    expect(seen.problems).toEqual([])
  })
})
