// The worker's output reaches main.log line by line, whatever the chunks.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { outputLines } from '../../../main/desktop/host/outputLines.ts'

describe("the worker's output", () => {
  it('is logged in whole lines when chunks end mid-line, in mid-character, or with CRLF', async () => {
    const stream = new PassThrough()
    const lines: string[] = []
    outputLines(stream, (line) => lines.push(line))
    const long = `{"level":40,"msg":"${'x'.repeat(70_000)}"}`
    stream.write('{"level":30,"msg":"poll do')
    stream.write('ne"}\n{"level":40,')
    stream.write(`"msg":"Zürich"}\r\n\n${long.slice(0, 65_536)}`)
    const umlaut = Buffer.from('ä\n')
    stream.write(long.slice(65_536))
    stream.write('\nend ')
    stream.write(umlaut.subarray(0, 1))
    stream.write(umlaut.subarray(1))
    stream.end('last line without a newline')
    await new Promise((resolve) => stream.on('end', resolve))
    await new Promise((resolve) => setImmediate(resolve))
    expect(lines).toEqual([
      '{"level":30,"msg":"poll done"}',
      '{"level":40,"msg":"Zürich"}',
      long,
      'end ä',
      'last line without a newline',
    ])
  })

  it('ignores a process without that stream', () => {
    expect(() => outputLines(null, () => {})).not.toThrow()
  })
})
