// URL checks the settings share, pure so the window and main apply the very same ones.

export function parseUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

/** `problem` unless `text` is an https:// URL. */
export function httpsUrlProblem(text: string, problem: string): string | null {
  return parseUrl(text.trim())?.protocol === 'https:' ? null : problem
}
