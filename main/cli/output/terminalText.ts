// Event text is untrusted: on a terminal, control characters could move the cursor, recolour
// or retitle the window (ANSI escape injection). They are shown as visible escapes instead.

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

export function terminalText(text: string, maxChars = 600): string {
  const flat = text
    .replace(/\r?\n|\t/g, ' ')
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return flat.length > maxChars ? `${flat.slice(0, maxChars)}…` : flat
}

/** Multi-line text (a server's error, a check's detail): each line escaped as above, lines kept. */
export function terminalLines(text: string, maxChars = 2_000): string {
  return text
    .split(/\r?\n/)
    .map((line) => terminalText(line, maxChars))
    .join('\n')
}
