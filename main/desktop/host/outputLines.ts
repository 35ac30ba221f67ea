import { createInterface } from 'node:readline'

/**
 * Each whole line of a child process's output, however the pipe cut it into chunks: a chunk can
 * end in the middle of a line (pino writes a long JSON line in pieces under load), so splitting
 * each chunk would log halves as two lines.
 */
export function outputLines(
  stream: NodeJS.ReadableStream | null | undefined,
  onLine: (line: string) => void,
): void {
  if (!stream) return
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    if (line.trim()) onLine(line)
  })
}
