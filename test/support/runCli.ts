import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/moments.mjs', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
  /** stdout parsed as JSON lines (throws if any line is not JSON) */
  json(): Record<string, unknown>[]
}

/**
 * Runs `moments …` as a child process, the way a user or a script does. Asynchronous, so
 * stand-ins served by the test process keep answering while it runs; killed after `timeoutMs`.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({
        code,
        stdout,
        stderr,
        json: () =>
          stdout
            .split('\n')
            .filter((line) => line.length > 0)
            .map((line) => JSON.parse(line)),
      })
    })
  })
}
