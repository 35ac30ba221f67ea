// Where PGlite runs in a process started without the worker's V8 flags (`moments run --demo`,
// `npm start` without Electron), the same choice the desktop worker gets from workerV8Flags.ts:
// PGlite's PostgreSQL stays on V8's baseline WebAssembly code. Recompiling its busy functions with
// the optimising compiler was about half of a demo start's CPU and ~80 MB of resident memory,
// for a warehouse of a few thousand rows (bench/README.md, "The demo's reopen on the baseline
// compiler").
import { setFlagsFromString } from 'node:v8'

/**
 * Call before PGlite compiles its module (PGlite.create): V8 reads the flag as it compiles and
 * tiers up WebAssembly, so setting it once the process runs holds for the modules compiled after.
 * Under Electron the worker has it already, from main as `--js-flags` (workerV8Flags.ts); setting
 * V8 flags at run time is left to plain Node, which documents it (`v8.setFlagsFromString`).
 */
export function keepWasmOnBaselineTier(): void {
  if (process.versions.electron) return
  setFlagsFromString('--liftoff-only')
}
