// Plain JavaScript: it runs before anything could compile TypeScript.
import { readFileSync, statSync } from 'node:fs'

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
  for (const [source, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
    let stat
    try {
      stat = statSync(new URL(source, root))
    } catch {
      return null
    }
    if (stat.mtimeMs !== mtimeMs || stat.size !== size) return null
  }
  return new URL(stamp.entry, build).href
}
