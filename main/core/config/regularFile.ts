// Reads a file a user named (a rules file, the config file) only when it is a regular file of a
// sane size. A FIFO would block the reading process until someone writes to it, and /dev/zero or
// /dev/urandom never end: either would hang the poller, or the desktop's pipeline worker with
// every window waiting on it. The path is opened without blocking and checked on the open
// descriptor, so it cannot be swapped for something else between the check and the read.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

/** Rules and config files are a few kilobytes; this leaves room for generated ones. */
export const MAX_TEXT_FILE_BYTES = 1_048_576

export class UnreadableFile extends Error {
  override name = 'UnreadableFile'
}

export function readRegularFile(path: string, maxBytes = MAX_TEXT_FILE_BYTES): string {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    const code = (error as { code?: string }).code
    throw new UnreadableFile(
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? error),
    )
  }
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) throw new UnreadableFile('it is a directory')
    if (!stat.isFile()) throw new UnreadableFile('it is not a regular file (a device, a pipe or a socket)')
    if (stat.size > maxBytes) {
      throw new UnreadableFile(`it is larger than ${Math.round(maxBytes / 1024)} KiB (${stat.size} bytes)`)
    }
    // Read at most one byte past the cap: a file that grows while it is read is still bounded.
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null)
      if (read === 0) break
      length += read
      if (length > maxBytes) throw new UnreadableFile(`it is larger than ${Math.round(maxBytes / 1024)} KiB`)
    }
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    closeSync(fd)
  }
}
