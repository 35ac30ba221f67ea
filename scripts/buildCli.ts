// Compiles the `moments` CLI ahead of time into dist/cli: plain JavaScript ES modules, split so
// that each command's module (and the packages it imports) loads only when that command runs.
// The few pure-JavaScript packages every command needs are bundled in (Node's loader spends more
// time resolving zod's and yaml's hundreds of files than running them); the rest stay in
// node_modules. build.json lists every source the build read, with its mtime and size:
// bin/moments.mjs runs this build only while they all still match, and the TypeScript sources
// (through tsx) otherwise, so a stale build never runs.
//   npm run build:cli        (also run by `npm install`, as the prepare script)
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { DEFAULT_RULES, placeDefaultRules } from './defaultRulesFiles.ts'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const CLI_OUT = join(ROOT, 'dist', 'cli')
const WAREHOUSE_SQL = ['schema.sql', 'enriched_events.sql', 'indexes.sql']
export const CLI_ENTRY = 'main.mjs'
/** Bundled into dist/cli; every other package is imported from node_modules at run time. */
const BUNDLED = [
  'commander',
  'zod',
  'yaml',
  'env-paths',
  'picocolors',
  // The warehouse's client, with the packages it requires: ~20 CommonJS files to resolve one by one.
  'pg',
  'pg-connection-string',
  'pg-cursor',
  'pg-int8',
  'pg-pool',
  'pg-protocol',
  'pg-types',
  'pgpass',
  'postgres-array',
  'postgres-bytea',
  'postgres-date',
  'postgres-interval',
  'split2',
  'xtend',
]

const packageName = (path: string) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/')

/**
 * zod's error messages in English only. zod re-exports its 40-odd locales from its namespace,
 * so a bundle carries them all, though the default (English) is the only one Moments uses: half
 * of zod's bytes, and most of the time Node spends compiling it when a command starts.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js'\n",
      loader: 'js',
      resolveDir: dirname(args.path),
    }))
  },
}

/**
 * pg asks, as it loads, whether it runs in a Cloudflare Worker: on Node 20 that question touches
 * the global `Response`, which loads Node's whole fetch implementation (undici, ~40–60 ms of a
 * command's start) to answer no. The CLI runs on Node only, so the bundled pg is told so. A pg
 * whose probe reads differently fails the build rather than shipping the probe unnoticed.
 */
const PG_RUNTIME_PROBE = 'function isCloudflareRuntime() {'
const pgOnNodeOnly: Plugin = {
  name: 'pg-on-node-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
      if (!source.includes(PG_RUNTIME_PROBE))
        throw new Error(
          `${args.path}: pg's Cloudflare probe has changed; update pgOnNodeOnly in scripts/buildCli.ts`,
        )
      return {
        contents: source.replace(PG_RUNTIME_PROBE, `${PG_RUNTIME_PROBE}\n  return false`),
        loader: 'js',
      }
    })
  },
}

/**
 * commander requires `child_process` as it loads, for subcommands that are programs of their own
 * (`git-style` executables), which Moments has none of. Node compiles `child_process` and the
 * modules under it (net, dgram, …) on first require: ~3 ms of every command's start, a tenth of
 * what `moments --help` adds to Node's own. The bundled commander gets a module that requires it
 * on its first `spawn`. A commander that calls more of `child_process` than `spawn` fails the build.
 */
const COMMANDER_SPAWNS = /childProcess\.(\w+)/g
const commanderSpawnsLazily: Plugin = {
  name: 'commander-spawns-lazily',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
      const used = new Set([...source.matchAll(COMMANDER_SPAWNS)].map((match) => match[1]))
      if (used.size !== 1 || !used.has('spawn'))
        throw new Error(
          `${args.path}: commander now uses child_process.${[...used].join(', ')}; update commanderSpawnsLazily in scripts/buildCli.ts`,
        )
      return { contents: source, loader: 'js', resolveDir: dirname(args.path) }
    })
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-child-process' }
        : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "exports.spawn = (...args) => require('node:child_process').spawn(...args)\n",
      loader: 'js',
    }))
  },
}

const onlyBundledPackages: Plugin = {
  name: 'only-bundled-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.includes(packageName(args.path)) ? undefined : { path: args.path, external: true },
    )
  },
}

/** What bin/moments.mjs reads to decide whether the build is current (see bin/builtCli.mjs). */
export interface CliBuildStamp {
  entry: string
  /** Path relative to the project → [mtimeMs, size] when built; [0, -1] never matches */
  inputs: Record<string, [number, number]>
}

/**
 * Builds into a fresh folder beside `out`, then swaps it in, so that a `moments` started
 * meanwhile finds either the old build, the new one, or none (and runs the sources).
 */
export async function buildCli(out = CLI_OUT): Promise<CliBuildStamp> {
  const started = Date.now()
  const staging = `${out}.building-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    return await buildInto(staging, out, started)
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

async function buildInto(staging: string, out: string, started: number): Promise<CliBuildStamp> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: join(ROOT, 'main/cli/main.ts') },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [commanderSpawnsLazily, onlyBundledPackages, zodEnglishOnly, pgOnNodeOnly],
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    // ESM has no require(); the bundled CommonJS (commander) requires Node's modules with it.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  })
  // Files the core reads next to its modules (`new URL(…, import.meta.url)`), placed where those
  // URLs point from the chunks: the default rules beside them, the demo's warehouse SQL one up.
  placeDefaultRules(ROOT, staging)
  for (const sql of WAREHOUSE_SQL) cpSync(join(ROOT, 'warehouse', sql), join(out, '..', sql))
  // A bundled package counts by its package.json: npm rewrites it whenever it changes the package.
  // Modules a plugin made up (`namespace:path`) are no file to check.
  const read = Object.keys(result.metafile.inputs).filter((input) => !/^[\w-]{2,}:/.test(input))
  const sources = [
    ...read.filter((source) => !source.includes('node_modules/')),
    ...new Set(
      read
        .map((source) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1])
        .filter((folder) => folder !== undefined)
        .map((folder) => `${folder}/package.json`),
    ),
    DEFAULT_RULES,
    ...WAREHOUSE_SQL.map((sql) => `warehouse/${sql}`),
    relative(ROOT, fileURLToPath(import.meta.url)),
    relative(ROOT, fileURLToPath(new URL('defaultRulesFiles.ts', import.meta.url))),
  ]
  const inputs: CliBuildStamp['inputs'] = {}
  for (const source of sources) {
    const stat = statSync(join(ROOT, source))
    // Changed while the build ran: the build may hold the old text, so it must never count as current.
    inputs[source.split('\\').join('/')] = stat.mtimeMs >= started ? [0, -1] : [stat.mtimeMs, stat.size]
  }
  const stamp: CliBuildStamp = { entry: CLI_ENTRY, inputs }
  writeFileSync(join(staging, 'build.json'), `${JSON.stringify(stamp, null, 1)}\n`)
  const old = `${out}.old-${process.pid}`
  rmSync(old, { recursive: true, force: true })
  try {
    renameSync(out, old)
  } catch {
    // No earlier build
  }
  renameSync(staging, out)
  rmSync(old, { recursive: true, force: true })
  return stamp
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now()
  try {
    const stamp = await buildCli()
    console.log(
      `moments: compiled the CLI into dist/cli (${Object.keys(stamp.inputs).length} sources, ${Math.round(performance.now() - t0)} ms)`,
    )
  } catch (error) {
    // `npm install` must not fail for it: bin/moments.mjs then runs the TypeScript sources.
    console.warn(`moments: could not compile the CLI, it will run from the sources: ${String(error)}`)
    if (process.argv.includes('--strict')) process.exitCode = 1
  }
}
