// `npm start`: the desktop app when the Electron binary is installed; otherwise one line saying
// why, and the headless demo (`moments run --demo`) instead, so the README's first command works
// on any machine.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildDesktop } from './buildDesktop.ts'
import { electronBinary } from './electronBinary.ts'
import { prepareNativeModules } from './electronNative.ts'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))

function run(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  return new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 130 : 1))))
}

async function start(): Promise<number> {
  const electron = electronBinary()
  if ('missing' in electron) {
    console.error(
      `moments: ${electron.missing}; running the headless demo instead (moments run --demo; npm install retries Electron).`,
    )
    return run(process.execPath, [join(ROOT, 'bin/moments.mjs'), 'run', '--demo'])
  }
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts
  if (scripts['build:renderer']) {
    const code = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', [
      'run',
      '--silent',
      'build:renderer',
    ])
    if (code !== 0) return code
  }
  await buildDesktop()
  await prepareNativeModules()
  return run(electron.path, [ROOT])
}

process.exitCode = await start()
