#!/usr/bin/env node
// `moments`: the CLI compiled to plain JavaScript in dist/cli (`npm install` builds it, as does
// `npm run build:cli`), which starts in a fraction of the time tsx needs to compile the sources.
// Where that build is missing or older than a source (a checkout in development), the TypeScript
// sources run through tsx instead, so what runs is always what the sources say.
import module from 'node:module'
import { builtCli } from './builtCli.mjs'

// Node 22.1+ keeps V8's compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.()

const built = builtCli(new URL('../', import.meta.url))
if (built) {
  await import(built)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../main/cli/main.ts')
}
