#!/usr/bin/env node
// The CLI runs straight from the TypeScript sources so that `npx moments` works right after
// `npm install`, with no build step; tsx compiles on the fly and caches.
import { register } from 'tsx/esm/api'

register()
await import('../main/cli/main.ts')
