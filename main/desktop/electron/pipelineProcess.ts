import { utilityProcess } from 'electron'
import { outputLines } from '../host/outputLines.ts'
import type { WorkerProcessPort } from '../host/pipelineHost.ts'
import { utilityProcessExecArgv } from '../worker/workerV8Flags.ts'

/** The pipeline worker as an Electron utilityProcess; its stderr lines go to `onLog`. */
export function spawnPipelineProcess(modulePath: string, onLog: (line: string) => void): WorkerProcessPort {
  const child = utilityProcess.fork(modulePath, [], {
    serviceName: 'Moments pipeline',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
    execArgv: utilityProcessExecArgv(),
  })
  outputLines(child.stdout, onLog)
  outputLines(child.stderr, onLog)
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill(),
  }
}
