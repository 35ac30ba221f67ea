// Which V8 compiler a hot WebAssembly function ends up on, in a fresh Node process: a small
// module whose one function loops (sum of 1..n), called until V8 has recompiled it with
// TurboFan or 4 s have passed (a loaded machine's compiler threads may start late; the control run
// stops as soon as it sees TurboFan). Needs --allow-natives-syntax (V8's %IsTurboFanFunction).
import { execFileSync } from 'node:child_process'

// (func (export "f") (param i32) (result i32) (local i32) block loop … br 0 end end local.get 1)
const MODULE = [
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0, 0x0a,
  0x23, 1, 0x21, 1, 1, 0x7f, 2, 0x40, 3, 0x40, 0x20, 0, 0x45, 0x0d, 1, 0x20, 1, 0x20, 0, 0x6a, 0x21, 1, 0x20,
  0, 0x41, 1, 0x6b, 0x21, 0, 0x0c, 0, 0x0b, 0x0b, 0x20, 1, 0x0b,
]

const HOT_LOOP = `
const { f } = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(MODULE)}))).exports
const started = Date.now()
let turbofan = false
while (!turbofan && Date.now() - started < 4000) {
  if (f(100000) !== 705082704) throw new Error('wrong sum')
  turbofan = %IsTurboFanFunction(f)
}
process.stdout.write(turbofan ? 'turbofan' : 'baseline')
`

/**
 * Runs `before` (a module's code, ESM, may import) and then the hot loop in a Node process
 * started with `execArgv`; returns the tier the function ended on.
 */
export function hotWasmTier(execArgv: string[], before = ''): 'turbofan' | 'baseline' {
  const source = `${before}\n${HOT_LOOP}`
  return execFileSync(
    process.execPath,
    [...execArgv, '--allow-natives-syntax', '--input-type=module', '-e', source],
    { encoding: 'utf8' },
  ) as 'turbofan' | 'baseline'
}
