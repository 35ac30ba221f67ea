// The pipeline worker's V8 flags, in the two forms its two launchers take. Node only: never
// imports `electron`.
//
// A tray app's worker sits idle between polls, and V8 keeps the young generation at the size the
// busiest moment grew it to: after a catch-up that is 16 MB a semi-space (~30 MB resident,
// nearly all of it empty). Capping the semi-space keeps that cost small at rest; the price is
// more frequent scavenges during a catch-up (see bench/README.md, "The desktop worker at rest").
//
// The demo's warehouse is PostgreSQL compiled to WebAssembly (PGlite, 9 MB of code). V8 compiles it
// with its baseline compiler (Liftoff) and then recompiles the functions that run often with its
// optimising one (TurboFan) on background threads: at a demo's start that recompiling is about
// half of the CPU, and its code and compiler memory stay resident (~80 MB). A demo holds a few
// thousand rows, so the optimised code never pays that back: `--liftoff-only` keeps PGlite on the
// baseline code (see bench/README.md, "The demo's reopen on the baseline compiler"). Nothing else
// in the worker is WebAssembly. The flag is in V8's flag-definitions.h from V8 7 on (Node 20's V8
// 11.3 and the V8 of Electron's Chromium alike), described there as "for testing": it only turns
// the tier-up off, and a V8 without it would warn and ignore it, leaving the default tiering.
export const WORKER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--liftoff-only']

/**
 * For Electron's `utilityProcess.fork`: its `execArgv` become switches of the utility process, whose
 * isolate takes V8 flags only from `--js-flags` (Node options there are limited to a few debug
 * ones). Electron's own tests pass heap flags to a utility process this way.
 */
export function utilityProcessExecArgv(): string[] {
  return [`--js-flags=${WORKER_V8_FLAGS.join(' ')}`]
}

/** For Node's `child_process.fork` (the packaging test and the bench run the worker under Node). */
export function nodeExecArgv(): string[] {
  return [...WORKER_V8_FLAGS]
}
