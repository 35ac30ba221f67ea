// The renderer as the app ships it (vite build), built at most once per change: the output is
// kept under the OS temp dir, named by a hash of everything that goes into it, so test files
// (and test runs) share one build, and two files starting together never build twice into one place.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { rendererBuildConfig } from '../../renderer/vite.config.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const INPUTS = ['renderer', 'shared', 'package-lock.json']
const CACHE = join(tmpdir(), 'moments-renderer-build')

let built: Promise<string> | undefined

/** The directory of the built renderer (index.html, assets/). */
export function builtRenderer(): Promise<string> {
  built ??= buildIfChanged()
  return built
}

async function buildIfChanged(): Promise<string> {
  const dir = join(CACHE, inputsHash())
  if (existsSync(join(dir, 'index.html'))) return dir
  mkdirSync(CACHE, { recursive: true })
  const scratch = `${dir}.${process.pid}.tmp`
  await build(rendererBuildConfig(scratch))
  try {
    renameSync(scratch, dir)
  } catch {
    // Another test file finished the same build first: theirs is as good as ours.
    rmSync(scratch, { recursive: true, force: true })
  }
  return dir
}

function inputsHash(): string {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap((input) => filesUnder(join(ROOT, input)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : filesUnder(join(path, name))))
}
