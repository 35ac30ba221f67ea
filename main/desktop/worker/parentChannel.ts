// The worker's end of the channel to the main process: Electron's `process.parentPort` in a
// utilityProcess, or Node's IPC (`process.send`) in a forked child (the tests).

import type { MessageChannelPort } from './protocol.ts'

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

export function parentChannel<Out, In>(): MessageChannelPort<Out, In> {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as In)),
    }
  }
  if (!process.send) throw new Error('the pipeline worker must be started by Moments (no parent channel)')
  return {
    post: (message) => process.send?.(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as In)),
  }
}
