// A change of where events come from or where moments go (the warehouse, its query, the Salesforce
// org, a chat webhook or channel) is confirmed by the user in a native dialog that main shows: a
// window that runs hostile script can send settings.save, but cannot click a dialog it cannot see.
import type { WorkerChannel } from '../../../shared/ipc/contract.ts'
import { SECRET_NAMES, TARGET_NAMES } from '../../../shared/settings/desktopSettings.ts'
import { redactUrl } from '../../core/warehouse/warehouseErrors.ts'

export interface TargetQuestion {
  message: string
  /** What changes, one line each, secrets shown only by their host */
  detail: string
}

/** Electron's dialog.showMessageBox, as a yes or no. */
export interface ConfirmPort {
  confirm(question: TargetQuestion): Promise<boolean>
}

const LABELS: Record<string, string> = {
  warehouseUrl: 'Warehouse',
  warehouseQuery: 'Warehouse query',
  salesforceInstanceUrl: 'Salesforce org',
  slackWebhookUrl: 'Slack webhook',
  slackChannel: 'Slack channel',
  teamsWebhookUrl: 'Microsoft Teams webhook',
}

/** The targets a settings patch points somewhere new; removing one (null, '') re-points nothing. */
export function changedTargets(patch: Record<string, unknown>): string[] {
  return TARGET_NAMES.filter(
    (name) => patch[name] !== undefined && patch[name] !== null && patch[name] !== '',
  )
}

function shown(name: string, value: unknown): string {
  const text = String(value).trim()
  if (name === 'warehouseUrl') return redactUrl(text)
  if ((SECRET_NAMES as readonly string[]).includes(name)) {
    // A webhook URL is its own credential: the host says enough.
    try {
      return `${new URL(text).host} (…)`
    } catch {
      return '(not a URL)'
    }
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

export function targetQuestion(patch: Record<string, unknown>, names: string[]): TargetQuestion {
  return {
    message: 'Change where Moments reads events or sends moments?',
    detail: names.map((name) => `${LABELS[name] ?? name}: ${shown(name, patch[name])}`).join('\n'),
  }
}

/** Wraps the worker's invoke: a save that changes a target goes through only once confirmed. */
export function confirmTargetChanges(
  port: ConfirmPort,
  invoke: (channel: WorkerChannel, request: unknown) => Promise<unknown>,
): (channel: WorkerChannel, request: unknown) => Promise<unknown> {
  return async (channel, request) => {
    if (channel !== 'settings.save') return invoke(channel, request)
    const patch = request as Record<string, unknown>
    const names = changedTargets(patch)
    if (names.length > 0 && !(await port.confirm(targetQuestion(patch, names)))) {
      return {
        ok: false,
        errors: names.map((field) => ({ field, message: 'Not saved: the change was not confirmed' })),
      }
    }
    return invoke(channel, request)
  }
}
