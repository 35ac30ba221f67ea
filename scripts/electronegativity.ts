// Runs @doyensec/electronegativity over the app's sources (the main process and preload in
// main/desktop, the windows in renderer/) and fails on any finding not justified in
// electronegativity.json. Its own CLI does not run with the hoisted commander, so its runner is
// called directly. Usage: npm run electronegativity
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ELECTRON_VERSION } from './electronVersion.ts'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const SCANNED = ['main/desktop', 'renderer/index.html', 'renderer/src']

export interface Finding {
  check: string
  file: string
  line: number
  severity: string
  description: string
}

interface Exception {
  check: string
  file: string
  why: string
}

export interface ScanReport {
  findings: Finding[]
  /** Findings no exception covers: each fails the scan */
  unjustified: Finding[]
  /** Exceptions that matched nothing: stale, they fail too */
  unused: Exception[]
  parseErrors: string[]
}

export async function scanApp(): Promise<ScanReport> {
  const exceptions = (
    JSON.parse(readFileSync(join(ROOT, 'electronegativity.json'), 'utf8')) as { exceptions: Exception[] }
  ).exceptions
  // One folder with both sides, so the global checks (CSP, navigation limits, permission
  // handler) see the main process and the pages together.
  const app = mkdtempSync(join(tmpdir(), 'moments-electronegativity-'))
  try {
    for (const part of SCANNED) cpSync(join(ROOT, part), join(app, part), { recursive: true })
    const run = createRequire(import.meta.url)('@doyensec/electronegativity/dist/runner.js') as (
      options: Record<string, unknown>,
      forCli: boolean,
    ) => Promise<{ issues: RawIssue[]; errors: { file: string; message: string; tolerable: boolean }[] }>
    const result = await quietly(() =>
      run({ input: app, isRelative: true, electronVersionOverride: ELECTRON_VERSION }, false),
    )
    const findings = result.issues.map((issue) => ({
      check: issue.id,
      file: issue.file.replace(/\\/g, '/'),
      line: issue.location.line,
      severity: issue.severity.name,
      description: issue.description,
    }))
    const covers = (e: Exception, f: Finding) => e.check === f.check && e.file === f.file
    return {
      findings,
      unjustified: findings.filter((f) => !exceptions.some((e) => covers(e, f))),
      unused: exceptions.filter((e) => !findings.some((f) => covers(e, f))),
      parseErrors: result.errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`),
    }
  } finally {
    rmSync(app, { recursive: true, force: true })
  }
}

interface RawIssue {
  id: string
  file: string
  location: { line: number }
  severity: { name: string }
  description: string
}

/** The runner logs progress and tries to fetch Electron's release list (offline here); keep that off stdout. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log
  const warn = console.warn
  console.log = () => {}
  console.warn = () => {}
  try {
    return await work()
  } finally {
    console.log = log
    console.warn = warn
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await scanApp()
  for (const f of report.unjustified)
    console.error(`✗ ${f.check} (${f.severity}) ${f.file}:${f.line}: ${f.description}`)
  for (const e of report.unused) console.error(`✗ stale exception: ${e.check} in ${e.file} matches nothing`)
  for (const e of report.parseErrors) console.error(`✗ could not parse ${e}`)
  const justified = report.findings.length - report.unjustified.length
  const failed = report.unjustified.length + report.unused.length + report.parseErrors.length
  console.log(
    failed === 0
      ? `electronegativity: no unreviewed findings (${justified} reviewed exception${justified === 1 ? '' : 's'}, see electronegativity.json)`
      : `electronegativity: ${failed} problem${failed === 1 ? '' : 's'}`,
  )
  process.exit(failed === 0 ? 0 : 1)
}
