import { utilityProcess } from 'electron'
import type { WorkerProcessPort } from '../host/pipelineHost.ts'

/** The pipeline worker as an Electron utilityProcess; its stderr lines go to `onLog`. */
export function spawnPipelineProcess(modulePath: string, onLog: (line: string) => void): WorkerProcessPort {
  const child = utilityProcess.fork(modulePath, [], {
    serviceName: 'Moments pipeline',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  })
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) onLog(line)
  }
  child.stdout?.on('data', forward)
  child.stderr?.on('data', forward)
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill(),
  }
}
