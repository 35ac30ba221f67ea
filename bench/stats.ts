// Medians and percentiles of measured samples (nearest rank: a reported p99 is a real sample).

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number
}

export const median = (samples: readonly number[]): number => percentile(samples, 50)

/** Median of the per-repeat ratios: each ratio compares two figures measured side by side. */
export function medianRatio(numerators: readonly number[], denominators: readonly number[]): number {
  return median(numerators.map((n, i) => n / (denominators[i] as number)))
}
