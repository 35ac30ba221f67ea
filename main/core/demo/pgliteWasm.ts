// PGlite's WebAssembly module, compiled ahead of PGlite.create. PGlite reads and compiles it only
// once its own JavaScript has loaded and its share files are read; V8 compiles on background
// threads, so started first it compiles while the rest loads (demoStart.ts). Light on purpose:
// importing this must not load PGlite.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { keepWasmOnBaselineTier } from './demoWasmTier.ts'

/** The file PGlite itself would compile: `pglite.wasm` beside its entry module. */
export function pgliteWasmPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm')
}

// The project's TypeScript libraries (ES2023, Node's types) declare WebAssembly's types, not its functions.
const wasm = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }
).WebAssembly

export async function compilePgliteWasm(): Promise<WebAssembly.Module> {
  keepWasmOnBaselineTier()
  return wasm.compile(await readFile(pgliteWasmPath()))
}
