// The demo warehouse in a thread of its own. PGlite's start (compiling its WebAssembly, copying its
// share files in, PostgreSQL's own start: ~0.6–0.8 s) is work on the thread that runs it; on the
// main thread it came after everything `moments run --demo` loads first (its modules, the rules,
// the state file), one after the other. In a thread the two run side by side on a second core,
// and the core reaches the demo as it reaches any warehouse: through the local socket.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { DemoThreadData, FromDemoThread, ToDemoThread } from './demoThreadProtocol.ts'
import type { DemoLog, DemoWarehouse, DemoWarehouseOptions } from './demoWarehouse.ts'

/**
 * The thread's module beside this one: compiled (dist/cli, dist/desktop) it is the `.mjs` the
 * build writes there; from the TypeScript sources (tests, a CLI whose build is stale) it is the
 * `.ts`, loaded through tsx as the sources are.
 */
function threadEntry(): { url: URL; typescript: boolean } {
  const compiled = new URL('./demoWarehouseThread.mjs', import.meta.url)
  if (existsSync(fileURLToPath(compiled))) return { url: compiled, typescript: false }
  return { url: new URL('./demoWarehouseThread.ts', import.meta.url), typescript: true }
}

/** tsx's loader API as an ES module (its CommonJS twin cannot load it in a worker's script). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve('tsx/package.json')
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>
  }
  const api = exports['./esm/api']
  if (!api) throw new Error(`${manifest} exports no ./esm/api`)
  return pathToFileURL(join(dirname(manifest), api.import.default)).href
}

function startThread(data: DemoThreadData): Worker {
  const entry = threadEntry()
  if (!entry.typescript) return new Worker(entry.url, { workerData: data })
  // A worker's `--import` hooks are not in place yet when its entry is resolved, so the entry is
  // a script that registers tsx's loader first.
  const script = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.url.href)}) })`
  return new Worker(script, { eval: true, workerData: data })
}

export class DemoThreadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DemoThreadError'
  }
}

/** As openDemoWarehouse, with PGlite and its socket in a worker thread of this process. */
export function openDemoWarehouseInThread(options: DemoWarehouseOptions): Promise<DemoWarehouse> {
  const log: DemoLog | undefined = options.log
  const worker = startThread({
    dataDir: options.dataDir,
    now: options.now.getTime(),
    ...(options.template === undefined ? {} : { template: options.template }),
  })
  const send = (message: ToDemoThread) => worker.postMessage(message)
  const appends = new Map<number, { resolve(count: number): void; reject(error: Error): void }>()
  let nextAppend = 0
  let gone: Error | null = null
  let onClosed: (() => void) | null = null

  return new Promise<DemoWarehouse>((resolve, reject) => {
    const fail = (error: Error) => {
      gone ??= error
      reject(error)
      for (const pending of appends.values()) pending.reject(error)
      appends.clear()
    }
    worker.on('error', (error) =>
      fail(new DemoThreadError(`the demo warehouse's thread failed: ${error.message}`)),
    )
    worker.on('exit', (code) => {
      fail(new DemoThreadError(`the demo warehouse's thread stopped (exit code ${code})`))
      onClosed?.()
    })
    worker.on('message', (message: FromDemoThread) => {
      switch (message.kind) {
        case 'log':
          log?.[message.level](message.fields, message.message)
          break
        case 'failed':
          // Its own words: the lock's "in use by process …", a template that cannot be unpacked.
          fail(new Error(message.message))
          void worker.terminate()
          break
        case 'ready':
          resolve({
            url: message.url,
            ownership: message.ownership,
            appendLiveEvents(now) {
              if (gone) return Promise.reject(gone)
              const id = nextAppend++
              send({ kind: 'append', id, now: now.getTime() })
              return new Promise((resolve, reject) => appends.set(id, { resolve, reject }))
            },
            close() {
              if (gone) return Promise.resolve()
              return new Promise<void>((resolve) => {
                onClosed = resolve
                send({ kind: 'close' })
              })
            },
          })
          break
        case 'appended':
          appends.get(message.id)?.resolve(message.count)
          appends.delete(message.id)
          break
        case 'appendFailed':
          appends.get(message.id)?.reject(new Error(message.message))
          appends.delete(message.id)
          break
        case 'closed':
          // PGlite has closed and the lock is released: nothing in the thread is worth waiting for.
          void worker.terminate()
          break
      }
    })
  })
}
