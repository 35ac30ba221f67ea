// Books of accounts: which accounts a simulated laptop owns. Deterministic, so every run and every
// figure gives laptop k the same book.
import { createRandom, deriveSeed } from '../warehouse/synthetic/random.ts'
import type { BenchAccount } from './warehouseData.ts'

export function bookOf(accounts: readonly BenchAccount[], laptop: number, size: number): BenchAccount[] {
  const random = createRandom(deriveSeed(laptop, 'bench-book', accounts.length))
  const chosen = new Set<number>()
  while (chosen.size < Math.min(size, accounts.length)) chosen.add(random.int(0, accounts.length - 1))
  return [...chosen].map((i) => accounts[i] as BenchAccount)
}
