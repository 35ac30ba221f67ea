import {
  CHANNELS,
  type Channel,
  isMainChannel,
  type MainHandlers,
  requestSchemas,
  type WorkerChannel,
} from '../../../shared/ipc/contract.ts'
import { type IpcSender, isTrustedSender } from './senderTrust.ts'

/** `ipcMain`, as much of it as registration uses. */
export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcSender, request: unknown) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export class IpcRefusal extends Error {
  override name = 'IpcRefusal'
}

/**
 * One `ipcMain.handle` per contract channel, nothing else: a channel outside the contract has no
 * handler, so Electron refuses it. Every call is checked before it is passed on: the sender must
 * be a top frame of one of our windows on our own origin, and the payload must parse with the
 * channel's schema. Main answers its own channels (MAIN_CHANNELS: status, sync now, links,
 * windows) with `main`; `invoke` hands the rest to the pipeline worker's handlers. Both validate
 * again: defence in depth.
 */
export function registerIpc(options: {
  ipcMain: IpcMainPort
  main: MainHandlers
  invoke: (channel: WorkerChannel, request: unknown) => Promise<unknown>
  windowIds: () => ReadonlySet<number>
  onRefused?: (channel: string, reason: string) => void
}): () => void {
  for (const channel of CHANNELS) {
    options.ipcMain.handle(channel, (event, request) => dispatch(channel, event, request, options))
  }
  return () => {
    for (const channel of CHANNELS) options.ipcMain.removeHandler(channel)
  }
}

export async function dispatch(
  channel: string,
  event: IpcSender,
  request: unknown,
  options: {
    main: MainHandlers
    invoke: (channel: WorkerChannel, request: unknown) => Promise<unknown>
    windowIds: () => ReadonlySet<number>
    onRefused?: (channel: string, reason: string) => void
  },
): Promise<unknown> {
  const refuse = (reason: string): never => {
    options.onRefused?.(channel, reason)
    throw new IpcRefusal(`${channel}: ${reason}`)
  }
  if (!Object.hasOwn(requestSchemas, channel)) refuse('not a channel of the contract')
  if (!isTrustedSender(event, options.windowIds())) refuse('sender is not a Moments window')
  const parsed = requestSchemas[channel as Channel].safeParse(request)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    refuse(
      `invalid request: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unparsable'}`,
    )
  }
  const known = channel as Channel
  if (isMainChannel(known))
    return (options.main[known] as (request: unknown) => Promise<unknown>)(parsed.data)
  return options.invoke(known, parsed.data)
}
