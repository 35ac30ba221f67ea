// Figures whose Node cost is measured (catch-up, the laptops of a fleet, the latency poller) run
// in a child process of their own: its peak RSS is the pipeline's, not the bench's, and a CPU
// profile (--cpu-prof) covers just that work.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compiledChildEntry } from './compiledChild.ts'

const ENTRY = fileURLToPath(new URL('./childEntry.ts', import.meta.url))
export const PROFILE_DIR = fileURLToPath(new URL('./profiles/', import.meta.url))

export interface ChildOptions {
  /** Write a V8 CPU profile of the child into bench/profiles/ */
  cpuProf?: boolean
  /** Lines the child prints on stderr are passed on (progress, warnings) */
  onStderr?: (line: string) => void
  /** Run the compiled bundle (compiledChild.ts), as the CLI and the desktop worker ship, not tsx */
  compiled?: boolean
}

/**
 * Runs `task` of childEntry.ts with `args` (as JSON on its stdin: a fleet's books outgrow a command
 * line); resolves with the JSON it printed last on stdout.
 */
export async function runChild<T>(task: string, args: unknown, options: ChildOptions = {}): Promise<T> {
  const entry = options.compiled ? await compiledChildEntry() : ENTRY
  const execArgv = options.compiled ? [] : ['--import', import.meta.resolve('tsx')]
  if (options.cpuProf) {
    // One directory per run: the module loader's thread writes a profile of its own.
    const dir = `${PROFILE_DIR}${task}-${new Date().toISOString().replace(/[:.]/g, '-')}`
    mkdirSync(dir, { recursive: true })
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${dir}`)
  }
  const child = spawn(process.execPath, [...execArgv, entry, task], { stdio: ['pipe', 'pipe', 'pipe'] })
  child.stdin.end(JSON.stringify(args))
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    if (options.onStderr) for (const line of chunk.split('\n')) if (line.trim()) options.onStderr(line)
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? ''
      if (code !== 0) {
        reject(
          new Error(`bench task ${task} exited ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`),
        )
        return
      }
      try {
        resolve(JSON.parse(last) as T)
      } catch {
        reject(new Error(`bench task ${task} printed no result: ${stdout.slice(-500)}`))
      }
    })
  })
}
