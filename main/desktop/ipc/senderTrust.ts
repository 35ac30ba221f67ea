// Whether an IPC message comes from one of our own windows' top frames, showing our own pages:
// not a subframe, not a page navigated elsewhere, not another webContents (DevTools, a stray view).

export const APP_ORIGIN = 'app://moments'

export interface SenderFrame {
  url: string
  /** null for a top frame */
  parent: unknown
}

export interface IpcSender {
  sender: { id: number }
  senderFrame: SenderFrame | null
}

export function isTrustedSender(event: IpcSender, windowIds: ReadonlySet<number>): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  if (!windowIds.has(event.sender.id)) return false
  let url: URL
  try {
    url = new URL(frame.url)
  } catch {
    return false
  }
  return `${url.protocol}//${url.host}` === APP_ORIGIN
}
