// `moments` starts from the CLI compiled into dist/cli, which must never be older than the
// sources, and must load only what the command it runs needs.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { builtCli } from '../../bin/builtCli.mjs'
import { openStore } from '../../main/core/store/openStore.ts'
import { buildCli, type CliBuildStamp } from '../../scripts/buildCli.ts'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const ROOT_URL = pathToFileURL(`${ROOT}/`)
/** Packages only `run`, `doctor` and `backtest` need */
const HEAVY =
  /node_modules\/(jsforce|pg|pg-cursor|@electric-sql|@slack|cli-progress|pino|pino-pretty|@marcbachmann|mustache)\//

// Records every file under node_modules that the process loads: ES modules through a resolve
// hook, CommonJS from require's cache at exit.
const RECORD_LOADS = `
import { appendFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
register('data:text/javascript,' + encodeURIComponent(\`
  import { appendFileSync } from 'node:fs'
  export async function resolve(specifier, context, next) {
    const result = await next(specifier, context)
    if (result.url.includes('/node_modules/')) appendFileSync(process.env.LOADS, result.url + '\\\\n')
    return result
  }\`))
process.on('exit', () => {
  const files = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('/node_modules/'))
  // Node's own fetch (undici) is loaded on first use of the global Response, fetch and the like.
  if (process.moduleLoadList.some((m) => m.includes('undici'))) files.push('node:internal/deps/undici')
  if (process.moduleLoadList.includes('NativeModule child_process')) files.push('node:child_process')
  appendFileSync(process.env.LOADS, files.map((f) => f + '\\n').join(''))
})
`

let scratch: string
let out: string
let stamp: CliBuildStamp

beforeAll(async () => {
  // Inside the repository (.tmp/ is ignored), so the build finds node_modules as dist/cli does.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  scratch = mkdtempSync(join(ROOT, '.tmp', 'cli-build-'))
  out = join(scratch, 'cli')
  stamp = await buildCli(out)
}, 120_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function loadsOf(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; loaded: string[] } {
  const log = join(scratch, `loads-${Math.random().toString(36).slice(2)}.txt`)
  writeFileSync(log, '')
  writeFileSync(join(scratch, 'recordLoads.mjs'), RECORD_LOADS)
  const result = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(scratch, 'recordLoads.mjs')).href, join(out, 'main.mjs'), ...args],
    {
      env: { PATH: process.env.PATH ?? '', HOME: scratch, NO_COLOR: '1', LOADS: log, ...env },
      encoding: 'utf8',
    },
  )
  expect(result.stderr).not.toMatch(/Error/)
  const loaded = spawnSync('cat', [log], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)
  return { status: result.status, loaded }
}

describe('the compiled CLI', () => {
  it('records each source it was built from; a bundled package by its package.json', () => {
    expect(Object.keys(stamp.inputs)).toEqual(
      expect.arrayContaining([
        'main/cli/main.ts',
        'main/cli/commands/historyCommand.ts',
        'main/core/rules/defaultRules.yaml',
        'warehouse/schema.sql',
        'scripts/buildCli.ts',
        'node_modules/zod/package.json',
      ]),
    )
    const packageFiles = Object.keys(stamp.inputs).filter((path) => path.includes('node_modules/'))
    expect(packageFiles.every((path) => path.endsWith('/package.json'))).toBe(true)
    // commander's child_process stand-in is made up by the build: no file to stat
    expect(Object.keys(stamp.inputs).filter((path) => path.includes(':'))).toEqual([])
  })

  it('places the default rules beside the chunks, and the same rules parsed, which run reads', () => {
    const yaml = readFileSync(join(ROOT, 'main/core/rules/defaultRules.yaml'), 'utf8')
    expect(readFileSync(join(out, 'defaultRules.yaml'), 'utf8')).toBe(yaml)
    expect(JSON.parse(readFileSync(join(out, 'defaultRules.json'), 'utf8'))).toEqual(parseYaml(yaml))
  })

  it('is current for the sources it was just built from', () => {
    expect(builtCli(ROOT_URL, pathToFileURL(`${out}/`))).toBe(pathToFileURL(join(out, 'main.mjs')).href)
  })

  it('answers --help loading nothing from node_modules, nor child_process for commander', () => {
    const { status, loaded } = loadsOf(['--help'])
    expect(status).toBe(0)
    expect(loaded).toEqual([])
  })

  it('reads the history with better-sqlite3 and none of what run needs', () => {
    const dataDir = join(scratch, 'data')
    mkdirSync(dataDir, { recursive: true })
    openStore(join(dataDir, 'demo.db')).close()
    const { status, loaded } = loadsOf(['history', '--demo', '--limit', '1'], { MOMENTS_DATA_DIR: dataDir })
    expect(status).toBe(0)
    expect(loaded.some((file) => file.includes('node_modules/better-sqlite3/'))).toBe(true)
    expect(loaded.filter((file) => HEAVY.test(file))).toEqual([])
  })

  it('loads what run needs when run runs: the demo warehouse, the rules, the logger; tar on a first start only', () => {
    const dataDir = join(scratch, 'run-data')
    const { status, loaded } = loadsOf(['run', '--demo', '--once'], {
      MOMENTS_DATA_DIR: dataDir,
      MOMENTS_LOG_LEVEL: 'warn',
    })
    expect(status).toBe(0)
    for (const name of ['@electric-sql/pglite', '@marcbachmann/cel-js', 'pino']) {
      expect(
        loaded.some((file) => file.includes(`node_modules/${name}/`)),
        name,
      ).toBe(true)
    }
    // pg is in the bundle, told it runs on Node: it neither comes from node_modules nor loads
    // Node's fetch to find out whether it runs in a Cloudflare Worker.
    expect(loaded.filter((file) => /node_modules\/pg(-[a-z]+)?\//.test(file))).toEqual([])
    expect(loaded).not.toContain('node:internal/deps/undici')
    // The first start unpacked the demo's template with tar; a reopen has nothing to unpack.
    expect(loaded.some((file) => file.includes('node_modules/tar/'))).toBe(true)
    const reopen = loadsOf(['run', '--demo', '--once'], {
      MOMENTS_DATA_DIR: dataDir,
      MOMENTS_LOG_LEVEL: 'warn',
    })
    expect(reopen.status).toBe(0)
    expect(reopen.loaded.some((file) => file.includes('@electric-sql/pglite'))).toBe(true)
    expect(reopen.loaded.filter((file) => file.includes('node_modules/tar/'))).toEqual([])
  }, 120_000)
})

describe('which build runs', () => {
  let project: URL
  let build: URL
  const source = () => new URL('src/a.ts', project)

  beforeAll(() => {
    const dir = join(scratch, 'project')
    mkdirSync(join(dir, 'src'), { recursive: true })
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true })
    project = pathToFileURL(`${dir}/`)
    build = new URL('dist/cli/', project)
  })

  const stampFor = (inputs: CliBuildStamp['inputs']) =>
    writeFileSync(new URL('build.json', build), JSON.stringify({ entry: 'main.mjs', inputs }))
  const built = () => {
    writeFileSync(source(), 'export const a = 1\n')
    const stat = statSync(source())
    stampFor({ 'src/a.ts': [stat.mtimeMs, stat.size] })
  }

  it('is the build while every source is as it was', () => {
    built()
    expect(builtCli(project)).toBe(new URL('main.mjs', build).href)
  })

  it('is the sources once one is edited (its mtime moves)', () => {
    built()
    const later = new Date(statSync(source()).mtimeMs + 5_000)
    utimesSync(source(), later, later)
    expect(builtCli(project)).toBeNull()
  })

  it('is the sources when one changed size with its mtime kept (a copy that preserves times)', () => {
    built()
    const { mtime } = statSync(source())
    writeFileSync(source(), 'export const a = 12\n')
    utimesSync(source(), mtime, mtime)
    expect(builtCli(project)).toBeNull()
  })

  it('is the sources when one is gone, or there is no build', () => {
    built()
    rmSync(source())
    expect(builtCli(project)).toBeNull()
    rmSync(new URL('build.json', build))
    expect(builtCli(project)).toBeNull()
  })

  it('is never a build stamped while a source changed under it', () => {
    writeFileSync(source(), 'export const a = 1\n')
    stampFor({ 'src/a.ts': [0, -1] })
    expect(builtCli(project)).toBeNull()
  })
})
