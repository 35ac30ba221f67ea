// Builds the demo warehouse's pre-initialised PGlite data directory into dist/ (run by `npm
// install` after the CLI build), so that a first `moments run --demo` unpacks it in a fraction
// of a second instead of running initdb and seeding the demo's weeks (they are in it). Built
// again when the installed PGlite, the warehouse SQL or the demo's generator is newer than it.
// A failure is reported and does not fail the install: the demo then runs initdb on its first
// start, as it did before.
//   npx tsx scripts/buildDemoTemplate.ts [--strict]
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildDemoTemplate, demoTemplateTarget } from '../main/core/demo/demoTemplate.ts'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))

/**
 * A template from another PGlite may not open (its catalogue version), and the demo would then run
 * initdb; one from older warehouse SQL still works (the first start applies the SQL again). It
 * holds the seeded weeks too, so the generator's sources are inputs.
 */
function isCurrent(target: string): boolean {
  const inputs = [
    createRequire(import.meta.url).resolve('@electric-sql/pglite'),
    ...['schema.sql', 'enriched_events.sql', 'indexes.sql'].map((sql) => join(ROOT, 'warehouse', sql)),
    ...readdirSync(join(ROOT, 'warehouse/synthetic')).map((name) => join(ROOT, 'warehouse/synthetic', name)),
    ...['demoTemplate.ts', 'demoData.ts'].map((name) => join(ROOT, 'main/core/demo', name)),
  ]
  return existsSync(target) && inputs.every((input) => statSync(target).mtimeMs > statSync(input).mtimeMs)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  const target = demoTemplateTarget(ROOT)
  try {
    if (!isCurrent(target)) {
      await buildDemoTemplate(target)
      console.log(
        `moments: built the demo warehouse's data directory into dist/ (${Math.round(performance.now() - started)} ms)`,
      )
    }
  } catch (error) {
    console.warn(
      `moments: could not build the demo warehouse's data directory, its first start runs initdb: ${String(error)}`,
    )
    if (process.argv.includes('--strict')) process.exitCode = 1
  }
}
