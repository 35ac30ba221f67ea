// Entry of a bench child process: `childEntry.ts <task>`, its arguments as JSON on stdin; prints
// the result as JSON.
import { text } from 'node:stream/consumers'
import { catchUpCopy, catchUpPipeline } from './catchUp/catchUpTasks.ts'
import { fleet } from './fleet/fleetTasks.ts'
import { latency } from './latency/latencyTasks.ts'
import { pollCost } from './pollCost/pollCostTasks.ts'
import { readPath } from './readPath/readPathTasks.ts'
import { historySearch } from './search/historySearchTasks.ts'

const TASKS: Record<string, (args: never) => Promise<unknown>> = {
  catchUpPipeline,
  catchUpCopy,
  pollCost,
  readPath,
  latency,
  fleet,
  historySearch,
}

const name = process.argv[2]
const task = name ? TASKS[name] : undefined
if (!task) {
  console.error(`unknown bench task ${name}; known: ${Object.keys(TASKS).join(', ')}`)
  process.exit(2)
}
const result = await task(JSON.parse(await text(process.stdin)) as never)
process.stdout.write(`${JSON.stringify(result)}\n`)
// Pools, timers and sockets left by a task must not keep the child alive.
process.exit(0)
