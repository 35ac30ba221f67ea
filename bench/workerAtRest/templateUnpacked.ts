// The demo template's unpacking alone, in a Node process of its own (run by the workerAtRest
// figure with --expose-gc): the anonymous memory the process keeps once the data directory is
// written and a full GC has run, against what it had before. What a first start leaves in the
// desktop worker for as long as it runs, apart from PGlite.
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { installedDemoTemplate, unpackDemoTemplate } from '../../main/core/demo/demoTemplate.ts'
import { residentSplit } from './restSamples.ts'

const collect = (globalThis as { gc?: () => void }).gc
if (!collect) throw new Error('run with --expose-gc')
const template = installedDemoTemplate()
if (!template) throw new Error('no demo template in dist/: run npm run build:demo')
const scratch = mkdtempSync(join(process.argv[2] ?? '.', 'template-unpacked-'))
try {
  collect()
  const before = residentSplit(process.pid)
  const started = performance.now()
  await unpackDemoTemplate(template, join(scratch, 'demo-warehouse'))
  const ms = performance.now() - started
  collect()
  // A freed ArrayBuffer's memory goes back on the tasks after the collection.
  await new Promise((resolve) => setTimeout(resolve, 200))
  collect()
  const after = residentSplit(process.pid)
  process.stdout.write(`${JSON.stringify({ ms, before, after })}\n`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
