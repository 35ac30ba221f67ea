// Durations as written in moments.yaml and rules.yaml: `0`, `90s`, `15m`, `4h`, `2d`, `1h30m`.
// Pure so the settings window can validate the same way the core does.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const
const WHOLE = /^(?:\d+(?:ms|s|m|h|d|w))+$/
const PART = /(\d+)(ms|s|m|h|d|w)/g

/** Milliseconds, or null when the text is not a duration. */
export function parseDuration(input: string | number): number | null {
  if (input === 0 || input === '0') return 0
  if (typeof input !== 'string') return null
  const text = input.trim()
  if (!WHOLE.test(text)) return null
  let total = 0
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]
  }
  return total
}

/** Shortest readable form: 14400000 → "4h", 5400000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0'
  const parts: string[] = []
  let rest = ms
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit]
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`)
      rest %= size
    }
  }
  return parts.join('')
}
