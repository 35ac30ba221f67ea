// jsforce (~30 MB resident) is not loaded when the pipeline worker starts: a worker on the demo or
// on a pasted token never needs its OAuth client. The first sign-in, renewal or sign-out loads it.
// In a fresh Node process, since this one may have loaded jsforce already.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const source = (path: string) => fileURLToPath(new URL(`../../../main/desktop/${path}`, import.meta.url))

const PROBE = `
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const loaded = () => Object.keys(require.cache).some((path) => path.includes('/node_modules/jsforce/'))
await import(${JSON.stringify(source('worker/workerMain.ts'))})
const { revokeToken } = await import(${JSON.stringify(source('salesforce/salesforceOAuth.ts'))})
const atStart = loaded()
// Nothing listens on port 9 of loopback: the sign-out fails, after jsforce was asked to send it.
const signOut = await revokeToken('http://127.0.0.1:9', 'a-token').then(() => 'sent', () => 'failed')
process.stdout.write(JSON.stringify({ atStart, afterSignOut: loaded(), signOut }))
`

describe('jsforce in the pipeline worker', () => {
  it('is not loaded with the worker, and is loaded by the first OAuth call', () => {
    const seen = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
        encoding: 'utf8',
      }),
    )
    expect(seen).toEqual({ atStart: false, afterSignOut: true, signOut: 'failed' })
  }, 60_000)
})
