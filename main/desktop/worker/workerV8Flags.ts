// The pipeline worker's V8 flags, in the two forms its two launchers take. Node only: never
// imports `electron`.
//
// A tray app's worker sits idle between polls, and V8 keeps the young generation at the size the
// busiest moment grew it to: after a catch-up that is 16 MB a semi-space (~30 MB resident,
// nearly all of it empty). Capping the semi-space keeps that cost small at rest; the price is
// more frequent scavenges during a catch-up (see bench/README.md, "The desktop worker at rest").
export const WORKER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=2']

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
