// The desktop starts the pipeline worker as a utilityProcess with the worker's V8 flags, in the one
// form a utility process's isolate reads them (utilityProcess faked: no Electron binary here).
import { describe, expect, it, vi } from 'vitest'
import { utilityProcessExecArgv } from '../../../main/desktop/worker/workerV8Flags.ts'

const forks = vi.hoisted(
  () => [] as { modulePath: string; args: string[]; options: Record<string, unknown> }[],
)
vi.mock('electron', () => ({
  utilityProcess: {
    fork(modulePath: string, args: string[], options: Record<string, unknown>) {
      forks.push({ modulePath, args, options })
      return { stdout: null, stderr: null, on() {}, postMessage() {}, kill() {} }
    },
  },
}))

describe('the pipeline worker process', () => {
  it('is forked with the worker V8 flags as --js-flags, and the environment of main', async () => {
    const { spawnPipelineProcess } = await import('../../../main/desktop/electron/pipelineProcess.ts')
    spawnPipelineProcess('/app/pipelineWorker.cjs', () => {})
    expect(forks).toHaveLength(1)
    const [fork] = forks
    expect(fork?.modulePath).toBe('/app/pipelineWorker.cjs')
    expect(fork?.options.execArgv).toEqual(utilityProcessExecArgv())
    expect(fork?.options.execArgv).toEqual([expect.stringMatching(/^--js-flags=.*--max-semi-space-size=\d+/)])
    expect(fork?.options.env).toEqual({ ...process.env })
  })
})
