// What went wrong, as one line of text, whatever was thrown: an Error, a string, a library's
// plain object. Used wherever a failure becomes a log line, a reason or an answer to a window.

export function errorMessage(error: unknown, options: { stack?: boolean } = {}): string {
  if (error instanceof Error) return options.stack ? (error.stack ?? error.message) : error.message
  return String(error)
}
