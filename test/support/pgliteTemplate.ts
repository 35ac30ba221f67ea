// PGlite's cold start runs initdb in WebAssembly: seconds and ~800 MB. A data directory
// initialised once per run and copied per test is opened in a fraction of that.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

/**
 * Initialises a PGlite data directory at `dir` in a child process, so the initdb memory goes
 * away with it instead of staying in the test runner.
 */
export function createPgliteTemplate(dir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  const script = `require(${JSON.stringify(pglite)}).PGlite.create({ dataDir: ${JSON.stringify(dir)} }).then((db) => db.close())`
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`PGlite template initdb failed (${code}): ${stderr}`)),
    )
  })
}
