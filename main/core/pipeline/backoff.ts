/**
 * Delay before the next poll: the poll interval while things work; after consecutive failures,
 * exponential from 1 s up to 5 min, with jitter so a fleet of laptops doesn't retry in step.
 */
export function nextPollDelay(
  pollIntervalMs: number,
  failures: number,
  random: () => number = Math.random,
): number {
  if (failures === 0) return pollIntervalMs
  const exponential = Math.min(300_000, 1_000 * 2 ** (failures - 1))
  return Math.round(exponential * (0.75 + random() * 0.5))
}
