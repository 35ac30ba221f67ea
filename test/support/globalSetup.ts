// One PostgreSQL 15 server and one PGlite template per test run, shared by every test file
// (each file gets its own database, see postgres.ts). Missing PostgreSQL fails the run: the
// reference SQL must be proven on the real server, never skipped.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { builtCli } from '../../bin/builtCli.mjs'
import { installedDemoTemplate } from '../../main/core/demo/demoTemplate.ts'
import { buildCli } from '../../scripts/buildCli.ts'
import { createPgliteTemplate } from './pgliteTemplate.ts'
import { startPostgres } from './postgresServer.ts'
import type { TestPostgres } from './providedContext.ts'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The CLI tests run `moments` as a user does: the compiled CLI, rebuilt when a source changed.
  if (!builtCli(new URL('../../', import.meta.url))) await buildCli()
  // And its demo from the data directory npm install pre-initialises, as a user's first start does.
  // Its own process: initdb leaves ~800 MB of WebAssembly memory behind.
  if (!installedDemoTemplate()) {
    const script = fileURLToPath(new URL('../../scripts/buildDemoTemplate.ts', import.meta.url))
    const built = spawnSync(process.execPath, ['--import', 'tsx', script, '--strict'], { stdio: 'inherit' })
    if (built.status !== 0) throw new Error(`npm run build:demo failed (${built.status})`)
  }
  const scratchDir = mkdtempSync(join(tmpdir(), 'moments-test-'))
  // The server runs as the postgres user, which must be able to enter the scratch dir.
  chmodSync(scratchDir, 0o755)
  const pgliteTemplateDir = join(scratchDir, 'pglite-template')
  const template = createPgliteTemplate(pgliteTemplateDir)
  let server: Awaited<ReturnType<typeof startPostgres>> | undefined
  try {
    server = await startPostgres(join(scratchDir, 'postgres'))
    await template
  } catch (error) {
    server?.stop()
    await template.catch(() => {})
    rmSync(scratchDir, { recursive: true, force: true })
    throw error
  }
  const pg: TestPostgres = {
    adminUrl: `postgres://${server.user}@${server.host}:${server.port}/postgres`,
    host: server.host,
    port: server.port,
    user: server.user,
    pgliteTemplateDir,
    scratchDir,
  }
  project.provide('pg', pg)
  const running = server
  return async () => {
    running.stop()
    rmSync(scratchDir, { recursive: true, force: true })
  }
}
