// The Slack SDK, required where a request is made or its error read rather than when these
// modules are imported: every command reads moments.yaml through the channel registry, and
// `moments history` or `moments --help` must not wait for the SDK. (Both packages are CommonJS.)
import { createRequire } from 'node:module'

const load = createRequire(import.meta.url)

export const slackWebApi = (): typeof import('@slack/web-api') => load('@slack/web-api')
export const slackWebhook = (): typeof import('@slack/webhook') => load('@slack/webhook')
