import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { WorkerProcessPort } from '../../../main/desktop/host/pipelineHost.ts'

export const WORKER_ENTRY = fileURLToPath(
  new URL('../../../main/desktop/worker/pipelineWorker.ts', import.meta.url),
)

/** The pipeline worker in a real Node child process (what utilityProcess is in the app). */
export function forkedWorker(
  env: NodeJS.ProcessEnv,
  stderr: string[],
): WorkerProcessPort & { child: ChildProcess } {
  const child = fork(WORKER_ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  })
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))
  return {
    child,
    post: (message) => void child.send(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill('SIGKILL'),
  }
}
