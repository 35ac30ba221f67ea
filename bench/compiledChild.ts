// The catch-up's children run compiled, as the code ships: the CLI (dist/cli) and the desktop's
// pipeline worker (dist/desktop) are esbuild bundles run by plain Node, not TypeScript through
// tsx, whose loader alone costs a process ~55 MB of RSS that no user's process carries.
import { cpSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const OUT = fileURLToPath(new URL('../dist/bench/', import.meta.url))
let built: Promise<string> | null = null

/** dist/bench/childEntry.mjs, built once per bench run from the current sources. */
export function compiledChildEntry(): Promise<string> {
  built ??= (async () => {
    mkdirSync(OUT, { recursive: true })
    await build({
      entryPoints: [fileURLToPath(new URL('./childEntry.ts', import.meta.url))],
      outfile: `${OUT}childEntry.mjs`,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // As the desktop build does: packages load from node_modules, the sources are bundled.
      packages: 'external',
      logLevel: 'warning',
    })
    // The default rules are read next to the bundle, as in dist/cli and dist/desktop.
    cpSync(
      fileURLToPath(new URL('../main/core/rules/defaultRules.yaml', import.meta.url)),
      `${OUT}defaultRules.yaml`,
    )
    return `${OUT}childEntry.mjs`
  })()
  return built
}
