// Plain JavaScript: it runs before anything could compile TypeScript.
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The compiled CLI's entry (a file URL) when `build` holds a build of exactly the sources now in
 * the project: every source it read still has the mtime and size it had then. Otherwise null: no
 * build yet, or a source changed since (a checkout in development).
 * @param {URL} root the project folder, ending in '/'
 * @param {URL} [build] the build's folder, ending in '/'
 * @returns {string | null}
 */
export function builtCli(root, build = new URL('dist/cli/', root)) {
  let stamp
  try {
    stamp = JSON.parse(readFileSync(new URL('build.json', build), 'utf8'))
  } catch {
    return null
  }
  // Every `moments` command stats each of the build's ~230 inputs first: as paths, and without an
  // exception for a missing one, that takes 2–2.5 ms, where a file URL each took 5–9.
  const folder = fileURLToPath(root)
  for (const [source, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
    const stat = statSync(folder + source, { throwIfNoEntry: false })
    if (stat === undefined || stat.mtimeMs !== mtimeMs || stat.size !== size) return null
  }
  return new URL(stamp.entry, build).href
}
