// A thread's entry: opens the demo warehouse (demoWarehouse.ts) and serves it on its local socket
// until told to close. See demoWarehouseInThread.ts for why it runs in a thread.
import { parentPort, workerData } from 'node:worker_threads'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { DemoThreadData, FromDemoThread, ToDemoThread } from './demoThreadProtocol.ts'
import type { DemoWarehouse } from './demoWarehouse.ts'
import { compilePgliteWasm } from './pgliteWasm.ts'

// First of all: V8 compiles PGlite's WebAssembly on background threads while this thread loads
// PGlite's JavaScript and the demo's code (imported below, not above, for that reason).
const pgliteWasm = compilePgliteWasm()
// Reported where it is awaited (openDemoWarehouse); until then not an unhandled rejection.
pgliteWasm.catch(() => {})

const port = parentPort
if (!port) throw new Error('demoWarehouseThread.ts runs as a worker thread')
const data = workerData as DemoThreadData
const send = (message: FromDemoThread) => port.postMessage(message)

let demo: DemoWarehouse
try {
  const { openDemoWarehouse } = await import('./demoWarehouse.ts')
  demo = await openDemoWarehouse({
    pgliteWasm,
    dataDir: data.dataDir,
    now: new Date(data.now),
    ...(data.template === undefined ? {} : { template: data.template }),
    log: {
      info: (fields, message) => send({ kind: 'log', level: 'info', fields, message }),
      warn: (fields, message) => send({ kind: 'log', level: 'warn', fields, message }),
    },
  })
  send({ kind: 'ready', url: demo.url, ownership: demo.ownership })
  port.on('message', (message: ToDemoThread) => {
    if (message.kind === 'append') {
      demo.appendLiveEvents(new Date(message.now)).then(
        (count) => send({ kind: 'appended', id: message.id, count }),
        (error) => send({ kind: 'appendFailed', id: message.id, message: errorMessage(error) }),
      )
    } else {
      // Whatever happens, the thread is done: closing a second time would touch a closed PGlite.
      port.removeAllListeners('message')
      demo.close().finally(() => send({ kind: 'closed' }))
    }
  })
} catch (error) {
  send({ kind: 'failed', message: errorMessage(error) })
}
