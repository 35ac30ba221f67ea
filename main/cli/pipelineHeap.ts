import { setFlagsFromString } from 'node:v8'

// A catch-up reads rows, and makes events and moments of them, batch after batch; whatever is still
// in flight when V8's young generation fills (a batch being recorded, the next one being read) is
// promoted, and dies in the old generation. V8 lets the old generation grow to up to four times
// what its last full collection kept before it collects again: over a long catch-up that is ~110 MB
// of V8 heap around ~15 MB live. Grown by 10 % at a time, it is collected sooner, for the same CPU
// a row (bench/README.md, round five: 1,000,000 rows of the highlights mix, 184 → 135 MB).
//
// Set from inside, not on Node's command line (the `moments` shebang passes none): Node leaves V8's
// flags writable after start, and V8 reads this one whenever it sizes the old generation again.
// The young generation's size cannot be set this way (V8 sizes it once, at start).
const OLD_GENERATION_GROWTH = '--heap-growing-percent=10'

/** For a process that runs the pipeline (`moments run`): its old generation grows in small steps. */
export function boundPipelineHeap(): void {
  setFlagsFromString(OLD_GENERATION_GROWTH)
}
