// Bundles the Electron side with esbuild into dist/desktop: the main process and the pipeline
// worker as ES modules (dependencies stay in node_modules: native better-sqlite3, PGlite's wasm),
// the preload as one CommonJS file (a sandboxed preload can require nothing but `electron`), and
// the tray and notification icons. The windows are the renderer's build (npm run build:renderer).
//   npm run build:desktop
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BuildOptions, build, type Plugin } from 'esbuild'
import { CHANNELS, EVENT_NAMES } from '../shared/ipc/contract.ts'
import { placeDefaultRules } from './defaultRulesFiles.ts'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const DESKTOP_OUT = join(ROOT, 'dist', 'desktop')
const WAREHOUSE_SQL = ['schema.sql', 'enriched_events.sql', 'indexes.sql']

const common: BuildOptions = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
}

/**
 * The preload needs only the contract's channel and event names (its types vanish at build), not
 * the zod schemas: the names are taken from the contract here and the preload gets just those.
 */
const contractNamesOnly: Plugin = {
  name: 'contract-names-only',
  setup(b) {
    b.onResolve({ filter: /shared\/ipc\/contract\.ts$/ }, (args) => ({
      path: args.path,
      namespace: 'contract-names',
    }))
    b.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({
      contents: `export const CHANNELS = ${JSON.stringify(CHANNELS)}\nexport const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)}\n`,
      loader: 'js',
    }))
  },
}

/** Into dist/desktop, or `out` (tests build into a scratch folder, whose parent gets the SQL). */
export async function buildDesktop(out = DESKTOP_OUT): Promise<void> {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const node: BuildOptions = {
    ...common,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    // Code reached only through a dynamic import (the demo's PGlite, its template's tar, the
    // socket it serves) goes to chunks loaded when first used: in one bundle esbuild would hoist
    // their packages' imports to the top, and a worker on a real warehouse would load them all.
    // Chunks sit beside the entries, so `new URL(…, import.meta.url)` points where it did.
    splitting: true,
    outExtension: { '.js': '.mjs' },
    // A packaged app started from the Dock or Start menu has no shell environment: the
    // Salesforce Connected App's consumer key (public, PKCE) is built in from the build's.
    define: {
      'process.env.MOMENTS_BUILT_IN_SALESFORCE_CLIENT_ID': JSON.stringify(
        process.env.MOMENTS_SALESFORCE_CLIENT_ID ?? '',
      ),
    },
    // ESM bundles have no require(); a CommonJS dependency reached through the bundle needs one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  }
  await Promise.all([
    build({
      ...node,
      entryPoints: {
        main: join(ROOT, 'main/desktop/main.ts'),
        pipelineWorker: join(ROOT, 'main/desktop/worker/pipelineWorker.ts'),
      },
      outdir: out,
    }),
    build({
      ...common,
      entryPoints: { preload: join(ROOT, 'main/desktop/preload/preload.ts') },
      outdir: out,
      outExtension: { '.js': '.cjs' },
      platform: 'node',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
      minify: true,
      plugins: [contractNamesOnly],
    }),
  ])
  // Files the core reads next to its modules (`new URL(…, import.meta.url)`), placed where those
  // URLs point from the bundle: the default rules beside it, the demo's warehouse SQL one up.
  placeDefaultRules(ROOT, out)
  for (const sql of WAREHOUSE_SQL) cpSync(join(ROOT, 'warehouse', sql), join(out, '..', sql))
  // The utilityProcess entry: CommonJS that imports the ES module bundle, so the worker starts
  // whichever loader Electron gives a utility process's entry file.
  writeFileSync(
    join(out, 'pipelineWorker.cjs'),
    "'use strict'\nimport('./pipelineWorker.mjs').catch((error) => {\n  console.error(error)\n  process.exit(1)\n})\n",
  )
  cpSync(join(ROOT, 'build', 'tray'), join(out, 'tray'), { recursive: true })
  cpSync(join(ROOT, 'build', 'icons', '256x256.png'), join(out, 'icon.png'))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  await buildDesktop()
  console.log(`built dist/desktop in ${Math.round(performance.now() - started)} ms`)
}
