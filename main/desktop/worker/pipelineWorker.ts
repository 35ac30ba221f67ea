// Entry of the pipeline worker: an Electron utilityProcess (a forked Node process in tests).
// Node only: never imports `electron`. Logs go to stderr, which main copies to its log.
import pino from 'pino'
import { appDirs } from '../../core/config/appDirs.ts'
import { oauthSettingsFrom } from '../salesforce/salesforceOAuth.ts'
import { parentChannel } from './parentChannel.ts'
import type { FromWorker, ToWorker } from './protocol.ts'
import { runWorker } from './workerMain.ts'

const log = pino(
  {
    level: process.env.MOMENTS_LOG_LEVEL ?? 'info',
    base: { process: 'pipeline' },
    redact: ['*.accessToken', '*.refreshToken', '*.password', '*.botToken', '*.webhookUrl', '*.secrets'],
  },
  pino.destination({ dest: 2, sync: true }),
)

runWorker({
  channel: parentChannel<FromWorker, ToWorker>(),
  log,
  dataDir: appDirs(process.env).dataDir,
  // Replaced at build time (scripts/buildDesktop.ts) with the Connected App the release was built for.
  oauth: oauthSettingsFrom(process.env, process.env.MOMENTS_BUILT_IN_SALESFORCE_CLIENT_ID),
  onStopped: () => setTimeout(() => process.exit(0), 50),
})

process.on('uncaughtException', (error) => {
  log.fatal({ err: error }, 'pipeline worker crashed')
  process.exit(1)
})
