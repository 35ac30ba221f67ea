import type { Random } from './random.ts'

const HOUR_MS = 3_600_000

/** People work office hours: a morning and an afternoon peak, quiet nights. Index = local hour. */
const OFFICE_HOURS = [
  0.06, 0.04, 0.03, 0.03, 0.04, 0.1, 0.3, 0.7, 1.3, 1.8, 2.0, 1.9, 1.3, 1.6, 1.9, 1.8, 1.5, 1.0, 0.6, 0.45,
  0.35, 0.25, 0.15, 0.1,
]
/** Scheduled jobs run around the clock, with the nightly batch window busiest. */
const SCHEDULED = [
  1.6, 1.8, 1.8, 1.6, 1.4, 1.2, 1.0, 0.9, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9,
  1.0, 1.1, 1.3,
]
/** Alerts do not care about the clock. */
const ANY_TIME = Array.from({ length: 24 }, () => 1)

export type Rhythm = 'office' | 'scheduled' | 'any'

const CURVES: Record<Rhythm, { hours: number[]; weekend: number }> = {
  office: { hours: OFFICE_HOURS, weekend: 0.2 },
  scheduled: { hours: SCHEDULED, weekend: 0.8 },
  any: { hours: ANY_TIME, weekend: 1 },
}

/**
 * A moment in [from, to] drawn along the rhythm, in the customer's local time (rejection
 * sampling: uniform times, kept with the probability of their hour's weight).
 */
export function sampleTime(
  random: Random,
  from: Date,
  to: Date,
  rhythm: Rhythm,
  utcOffsetHours: number,
): Date {
  const curve = CURVES[rhythm]
  const peak = Math.max(...curve.hours)
  const span = to.getTime() - from.getTime()
  for (let attempt = 0; attempt < 200; attempt++) {
    const t = from.getTime() + random.next() * span
    const local = new Date(t + utcOffsetHours * HOUR_MS)
    const day = local.getUTCDay()
    const weight = (curve.hours[local.getUTCHours()] ?? 1) * (day === 0 || day === 6 ? curve.weekend : 1)
    if (random.next() * peak < weight) return new Date(Math.floor(t))
  }
  return new Date(from.getTime() + Math.floor(random.next() * span))
}

/** How long each source takes to land in the warehouse, in milliseconds. */
const INGEST_DELAY: Record<string, [number, number]> = {
  webserver: [5_000, 90_000], // streamed
  monitoring: [2_000, 30_000], // pushed by the Zabbix exporter
  backend: [30_000, 300_000], // shipped in micro-batches
  website: [60_000, 600_000], // the analytics export runs every few minutes
}

/** A small share of rows lands late: a stuck batch, a retried upload. */
const LATE_SHARE = 0.02
const LATE_DELAY: [number, number] = [10 * 60_000, 90 * 60_000]

/** The longest delay of a source's ordinary (not late) rows */
export function usualIngestDelayMs(source: string): number {
  return (INGEST_DELAY[source] ?? [5_000, 60_000])[1]
}

export function ingestDelayMs(random: Random, source: string): number {
  const [min, max] = random.chance(LATE_SHARE) ? LATE_DELAY : (INGEST_DELAY[source] ?? [5_000, 60_000])
  // Skewed towards the short end, as queues usually are.
  return Math.round(min + (max - min) * random.next() ** 2)
}
