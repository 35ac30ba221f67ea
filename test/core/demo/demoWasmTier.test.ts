// The demo keeps PGlite's WebAssembly on V8's baseline compiler in a process started without the
// desktop worker's flags (the CLI's `moments run --demo`): a hot function, which V8 would
// otherwise recompile with TurboFan within milliseconds, stays on the baseline code.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { hotWasmTier } from '../../support/wasmTier.ts'

const MODULE = fileURLToPath(new URL('../../../main/core/demo/demoWasmTier.ts', import.meta.url))

describe("the demo's WebAssembly tier", () => {
  it('is the baseline one once the demo has asked for it, where a plain process tiers up', () => {
    expect(hotWasmTier(['--import', 'tsx'])).toBe('turbofan')
    const asked = `const { keepWasmOnBaselineTier } = await import(${JSON.stringify(MODULE)}); keepWasmOnBaselineTier()`
    expect(hotWasmTier(['--import', 'tsx'], asked)).toBe('baseline')
  }, 30_000)
})
