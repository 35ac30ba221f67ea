// What a notification says and offers, per platform. Pure.

import type { HistoryFilter } from '../../../shared/ipc/contract.ts'
import type { Severity } from '../../../shared/moment.ts'
import type { NoticeMoment } from '../../../shared/notice.ts'
import type { NotificationSpec, NotificationUrgency, Platform } from '../ports.ts'
import type { Notice } from './notificationPlan.ts'

export const SNOOZE_ACCOUNT_MS = 86_400_000
export const MUTE_RULE_MS = 7 * 86_400_000

export type NoticeAction =
  | { kind: 'open-moment'; momentId: string }
  | { kind: 'open-filter'; filter: HistoryFilter }
  | { kind: 'mute'; mute: 'account' | 'rule'; target: string; forMs: number }
  /** Reach out or log to Salesforce, from the notification: the history's detail pane has the rest */
  | { kind: 'act'; act: 'email' | 'log'; momentId: string; accountName: string }

/** What a notification can offer, given the setup: "Log to Salesforce" needs a Salesforce sign-in. */
export interface ButtonOptions {
  salesforce: boolean
}

interface MomentButton {
  label: string
  action: (moment: NoticeMoment) => NoticeAction
}

/**
 * A moment's buttons, in order. macOS shows the first as the button and the others under it when
 * the pointer is on it (Electron's NotificationAction): the first is the one-click step from a
 * moment to acting on it.
 */
export function momentButtons(options: ButtonOptions): MomentButton[] {
  const act = (kind: 'email' | 'log') => (m: NoticeMoment) =>
    ({ kind: 'act', act: kind, momentId: m.id, accountName: m.accountName }) as const
  return [
    { label: 'Reach out', action: act('email') },
    ...(options.salesforce ? [{ label: 'Log to Salesforce', action: act('log') }] : []),
    {
      label: 'Snooze this account for a day',
      action: (m) => ({ kind: 'mute', mute: 'account', target: m.accountId, forMs: SNOOZE_ACCOUNT_MS }),
    },
    {
      label: 'Mute this rule',
      action: (m) => ({ kind: 'mute', mute: 'rule', target: m.rule, forMs: MUTE_RULE_MS }),
    },
  ]
}

const URGENCY: Record<Severity, NotificationUrgency> = { low: 'low', normal: 'normal', high: 'critical' }

/**
 * Buttons only where they work: macOS (Electron's `actions`). On Windows, Electron 41 renders the
 * buttons but never fires `action` for an app that is not MSIX-packaged (electron/electron#51147),
 * and libnotify on Linux has none; there a click opens the history, which has the same buttons.
 */
export function actionsSupported(platform: Platform): boolean {
  return platform === 'darwin'
}

export function notificationSpec(
  notice: Notice,
  platform: Platform,
  options: ButtonOptions = { salesforce: false },
): NotificationSpec {
  const spec = plainSpec(notice, platform, options)
  return platform === 'linux' ? { ...spec, body: bodyMarkupText(spec.body) } : spec
}

/**
 * Electron hands the body to libnotify as it is, and the Desktop Notifications spec makes a body
 * markup: GNOME renders <b>, KDE turns <a href> into a link, so event text could bring a phishing
 * link. As the body's markup, `&`, `<` and `>` are escaped. The summary (the title) is plain text
 * in the spec and in GNOME and KDE: escaped, "AT&T" would read "AT&amp;T" there.
 */
function bodyMarkupText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

function plainSpec(notice: Notice, platform: Platform, options: ButtonOptions): NotificationSpec {
  if (notice.kind === 'single') {
    const m = notice.moment
    return {
      title: cut(m.title, 120),
      body: cut(m.body, 400),
      urgency: URGENCY[m.severity],
      actions: actionsSupported(platform) ? momentButtons(options).map((b) => b.label) : [],
      silent: m.severity === 'low',
    }
  }
  const high = notice.moments.some((m) => m.severity === 'high')
  return {
    title: `${notice.count} new moments in ${notice.accounts} ${notice.accounts === 1 ? 'account' : 'accounts'}`,
    body: digestBody(notice),
    urgency: high ? 'critical' : 'normal',
    actions: [],
    silent: false,
  }
}

/** What a click does. */
export function clickAction(notice: Notice): NoticeAction {
  if (notice.kind === 'single') return { kind: 'open-moment', momentId: notice.moment.id }
  return { kind: 'open-filter', filter: { ids: notice.moments.map((m) => m.id) } }
}

/** What the `index`th button does; null for a digest or an unknown index. */
export function buttonAction(
  notice: Notice,
  index: number,
  options: ButtonOptions = { salesforce: false },
): NoticeAction | null {
  if (notice.kind !== 'single') return null
  return momentButtons(options)[index]?.action(notice.moment) ?? null
}

function digestBody(notice: Extract<Notice, { kind: 'digest' }>): string {
  const byAccount = new Map<string, number>()
  for (const m of notice.moments) byAccount.set(m.accountName, (byAccount.get(m.accountName) ?? 0) + 1)
  const top = [...byAccount.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, n]) => `${name} (${n})`)
  const more = byAccount.size > 3 ? `, and ${byAccount.size - 3} more` : ''
  return `${top.join(', ')}${more}. Click to see them.`
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}
