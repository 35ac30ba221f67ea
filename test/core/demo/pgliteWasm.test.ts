import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { openDataDir } from '../../../main/core/demo/demoPglite.ts'
import { installedDemoTemplate, unpackDemoTemplate } from '../../../main/core/demo/demoTemplate.ts'
import { compilePgliteWasm, pgliteWasmPath } from '../../../main/core/demo/pgliteWasm.ts'
import '../../support/providedContext.ts'

describe("PGlite's WebAssembly compiled ahead", () => {
  it('is the module PGlite ships, and the demo directory opens on it', async () => {
    expect(pgliteWasmPath()).toMatch(/node_modules\/@electric-sql\/pglite\/dist\/pglite\.wasm$/)
    const template = installedDemoTemplate()
    if (!template) throw new Error('no demo template in dist/: npm install (or npm run build:demo) makes it')
    const root = mkdtempSync(join(inject('pg').scratchDir, 'pglite-wasm-'))
    try {
      await unpackDemoTemplate(template, join(root, 'demo-warehouse'))
      const db = await openDataDir(join(root, 'demo-warehouse'), await compilePgliteWasm())
      try {
        const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM enriched_events')
        expect(rows[0]?.n).toBeGreaterThan(1000)
      } finally {
        await db.close()
      }
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
