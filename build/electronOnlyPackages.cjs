// The folders under node_modules that only the `electron` npm package needs: the package itself
// and whatever only it pulls in (its downloader, @types/node, …). `electron` is an optional
// dependency so that `npm install` goes on when its binary cannot be downloaded; npm therefore
// counts it as a production dependency and electron-builder would copy it, and its dependencies,
// into every installer. electron-builder.cjs leaves these folders out. Read from package-lock.json,
// so the list follows the installed versions without being kept by hand.
const { readFileSync } = require('node:fs')
const { join } = require('node:path')

/** Where Node would find `name` from the package at lockfile path `from` ('' for the project). */
function resolveIn(packages, from, name) {
  let dir = from
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`
    if (packages[candidate]) return candidate
    if (!dir) return null
    const parent = dir.lastIndexOf('/node_modules/')
    dir = parent === -1 ? '' : dir.slice(0, parent)
  }
}

/** Every lockfile path reachable from `names`, the project's own dependencies. */
function closure(packages, names) {
  const seen = new Set()
  const queue = names.map((name) => resolveIn(packages, '', name))
  while (queue.length > 0) {
    const path = queue.pop()
    if (!path || seen.has(path)) continue
    seen.add(path)
    const entry = packages[path]
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      queue.push(resolveIn(packages, path, name))
    }
  }
  return seen
}

/**
 * Lockfile paths (`node_modules/…`) that `only` needs and no other production dependency of the
 * project does, given the project's package.json and package-lock.json.
 */
function packagesOnlyFor(only, manifest, lock) {
  const packages = lock.packages
  const others = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }).filter(
    (name) => name !== only,
  )
  const kept = closure(packages, others)
  return [...closure(packages, [only])].filter((path) => !kept.has(path)).sort()
}

/** electron-builder `files` patterns leaving out what only electron needs. */
function electronOnlyExclusions(root = join(__dirname, '..')) {
  const read = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'))
  return packagesOnlyFor('electron', read('package.json'), read('package-lock.json')).map(
    (path) => `!${path}{,/**/*}`,
  )
}

module.exports = { electronOnlyExclusions, packagesOnlyFor }
