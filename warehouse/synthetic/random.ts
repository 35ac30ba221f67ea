// A tiny seeded PRNG so that the same seed always yields the same warehouse, byte for byte.
// Math.random cannot be seeded, and the data only has to look plausible, not be secure.

export interface Random {
  /** Uniform in [0, 1) */
  next(): number
  /** Integer in [min, max] */
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** Picks by weight: `[[item, weight], …]` */
  weighted<T>(choices: readonly (readonly [T, number])[]): T
}

/** mulberry32: 32-bit state, good enough spread for synthetic data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[int(0, items.length - 1)] as T
    },
    weighted: <T>(choices: readonly (readonly [T, number])[]): T => {
      const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
      let roll = next() * total
      for (const [item, weight] of choices) {
        roll -= weight
        if (roll < 0) return item
      }
      return (choices.at(-1) as readonly [T, number])[0]
    },
  }
}

/**
 * A 32-bit seed from several parts (seed, purpose, window…), so that independent streams —
 * the accounts, each appended period — do not shift when another one draws more numbers.
 */
export function deriveSeed(...parts: (string | number)[]): number {
  const text = parts.join('\u0000')
  let h = 1779033703 ^ text.length
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353)
    h = (h << 13) | (h >>> 19)
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507)
  h = Math.imul(h ^ (h >>> 13), 3266489909)
  return (h ^ (h >>> 16)) >>> 0
}
