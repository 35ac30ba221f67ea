import { parseDuration } from '../../shared/duration.ts'
import { ConfigError } from '../core/config/configErrors.ts'

/** `--since 7d` (a duration back from now) or `--since 2026-11-01` (a date or time). */
export function timeBound(flag: string, value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const ago = parseDuration(value)
  if (ago !== null) return now - ago
  const at = Date.parse(value)
  if (Number.isFinite(at)) return at
  throw new ConfigError(`${flag}: "${value}" is neither a duration (7d, 12h) nor a date (2026-11-01)`)
}
