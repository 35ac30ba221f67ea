import { describe, expect, it } from 'vitest'
import type { NoticeAction } from '../../../main/desktop/notify/notificationContent.ts'
import {
  MUTE_RULE_MS,
  notificationSpec,
  SNOOZE_ACCOUNT_MS,
} from '../../../main/desktop/notify/notificationContent.ts'
import { notifier } from '../../../main/desktop/notify/notifier.ts'
import { MORNING_HOUR, pauseUntil } from '../../../main/desktop/notify/pauseUntil.ts'
import type {
  NotificationHandlers,
  NotificationSpec,
  NotifierPort,
  Platform,
} from '../../../main/desktop/ports.ts'
import { localTime, notice, notices } from '../support/fixtures.ts'

class FakeNotifications implements NotifierPort {
  shown: { spec: NotificationSpec; handlers: NotificationHandlers }[] = []
  available = true
  supported = () => this.available
  show(spec: NotificationSpec, handlers: NotificationHandlers) {
    this.shown.push({ spec, handlers })
  }
}

function setup(platform: Platform = 'darwin') {
  const port = new FakeNotifications()
  const acts: NoticeAction[] = []
  let now = localTime(12)
  const n = notifier({
    port,
    platform,
    clock: () => now,
    prefs: () => ({ digestThreshold: 5, quietHours: { enabled: false, from: '22:00', to: '07:00' } }),
    act: (action) => acts.push(action),
  })
  return { port, acts, n, setNow: (t: number) => (now = t) }
}

describe('native notifications', () => {
  it('titles a moment "rule name — account", with its message as the body and urgency by severity', () => {
    const spec = notificationSpec({ kind: 'single', moment: notice(1, { severity: 'high' }) }, 'linux')
    expect(spec).toMatchObject({
      title: 'Tested code in the Code Engine — Account 1',
      body: 'Jo tested code (1)',
      urgency: 'critical',
      actions: [],
    })
    expect(
      notificationSpec({ kind: 'single', moment: notice(1, { severity: 'low' }) }, 'linux').urgency,
    ).toBe('low')
  })

  it('on Linux, shows markup in event text as text: the body is markup to libnotify’s servers', () => {
    const hostile = 'Log in again at <a href="https://evil.example/">your account</a> & <b>now</b>'
    const moment = notice(1, { title: 'AT&T <i>Corp</i> — AT&T', body: hostile })
    const linux = notificationSpec({ kind: 'single', moment }, 'linux')
    expect(linux.body).toBe(
      'Log in again at &lt;a href="https://evil.example/"&gt;your account&lt;/a&gt; &amp; &lt;b&gt;now&lt;/b&gt;',
    )
    expect(linux.body).not.toMatch(/<|>/)
    // The summary is plain text for the servers: escaped, it would read "AT&amp;T".
    expect(linux.title).toBe('AT&T <i>Corp</i> — AT&T')
    const digest = notificationSpec(
      { kind: 'digest', count: 2, accounts: 1, moments: [notice(1, { accountName: '<a href="x">A</a>' })] },
      'linux',
    )
    expect(digest.body).toContain('&lt;a href="x"&gt;A&lt;/a&gt; (1)')
    for (const platform of ['darwin', 'win32'] as const) {
      expect(notificationSpec({ kind: 'single', moment }, platform).body).toBe(hostile)
    }
  })

  it('offers Reach out (first: one click), Log to Salesforce once signed in, Snooze and Mute on macOS only', () => {
    expect(notificationSpec({ kind: 'single', moment: notice(1) }, 'darwin').actions).toEqual([
      'Reach out',
      'Snooze this account for a day',
      'Mute this rule',
    ])
    expect(
      notificationSpec({ kind: 'single', moment: notice(1) }, 'darwin', { salesforce: true }).actions,
    ).toEqual(['Reach out', 'Log to Salesforce', 'Snooze this account for a day', 'Mute this rule'])
    expect(
      notificationSpec({ kind: 'single', moment: notice(1) }, 'win32', { salesforce: true }).actions,
    ).toEqual([])
    expect(
      notificationSpec({ kind: 'single', moment: notice(1) }, 'linux', { salesforce: true }).actions,
    ).toEqual([])
  })

  it('opens the history on the moment when clicked; the buttons reach out, snooze the account or mute the rule', () => {
    const { port, acts, n } = setup()
    n.polled([notice(7)])
    port.shown[0]?.handlers.onClick()
    for (const index of [0, 1, 2, 3]) port.shown[0]?.handlers.onAction(index)
    expect(acts).toEqual([
      { kind: 'open-moment', momentId: 'm7' },
      { kind: 'act', act: 'email', momentId: 'm7', accountName: notice(7).accountName },
      { kind: 'mute', mute: 'account', target: notice(7).accountId, forMs: SNOOZE_ACCOUNT_MS },
      { kind: 'mute', mute: 'rule', target: 'code-engine-test', forMs: MUTE_RULE_MS },
    ])
  })

  it('answers each button of a notification as it was shown, even if Salesforce was signed into since', () => {
    let salesforce = false
    const port = new FakeNotifications()
    const acts: NoticeAction[] = []
    const n = notifier({
      port,
      platform: 'darwin',
      clock: () => localTime(12),
      prefs: () => ({ digestThreshold: 5, quietHours: { enabled: false, from: '22:00', to: '07:00' } }),
      act: (action) => acts.push(action),
      salesforce: () => salesforce,
    })
    n.polled([notice(1)])
    salesforce = true
    n.polled([notice(2)])
    port.shown[0]?.handlers.onAction(1)
    port.shown[1]?.handlers.onAction(1)
    expect(acts.map((a) => (a.kind === 'act' ? `act:${a.act}` : a.kind))).toEqual(['mute', 'act:log'])
  })

  it('words a digest and opens the history filtered to its moments', () => {
    const { port, acts, n } = setup()
    n.polled(notices(12))
    expect(port.shown).toHaveLength(1)
    expect(port.shown[0]?.spec.title).toBe('12 new moments in 3 accounts')
    port.shown[0]?.handlers.onClick()
    expect(acts[0]).toEqual({ kind: 'open-filter', filter: { ids: notices(12).map((m) => m.id) } })
  })

  it('after sleep, the next poll comes as a digest, and only that one', () => {
    const { port, n } = setup()
    n.expectCatchUp()
    n.polled(notices(2))
    expect(port.shown.map((s) => s.spec.title)).toEqual(['2 new moments in 2 accounts'])
    n.polled(notices(2))
    expect(port.shown).toHaveLength(3)
  })

  it('an empty poll after sleep ends the catch-up; a timer tick does not', () => {
    const { port, n } = setup()
    n.expectCatchUp()
    n.tick()
    n.polled([])
    n.polled(notices(2))
    expect(port.shown).toHaveLength(2)
  })

  it('holds while paused; Resume shows what was held as one digest', () => {
    const { port, n } = setup()
    n.pause(localTime(13))
    n.polled(notices(3))
    expect(port.shown).toHaveLength(0)
    n.resume()
    expect(port.shown.map((s) => s.spec.title)).toEqual(['3 new moments in 3 accounts'])
    expect(n.pausedUntil()).toBeNull()
  })

  it('releases held moments on the first tick after the pause runs out', () => {
    const { port, n, setNow } = setup()
    n.pause(localTime(13))
    n.polled(notices(2))
    setNow(localTime(13, 1))
    n.tick()
    expect(port.shown).toHaveLength(1)
  })

  it('reports a notification the OS refused to show (Electron’s failed) as a problem', () => {
    const port = new FakeNotifications()
    const problems: string[] = []
    const n = notifier({
      port,
      platform: 'darwin',
      clock: () => localTime(12),
      prefs: () => ({ digestThreshold: 2, quietHours: { enabled: false, from: '22:00', to: '07:00' } }),
      act: () => {},
      problem: (message) => problems.push(message),
    })
    n.polled(notices(1))
    n.polled(notices(3))
    port.shown[0]?.handlers.onFailed('Notifications are not allowed for this application')
    port.shown[1]?.handlers.onFailed('UNErrorDomain 1')
    expect(problems).toEqual([
      'a notification could not be shown: Notifications are not allowed for this application',
      'a digest notification could not be shown: UNErrorDomain 1',
    ])
  })

  it('shows nothing where the OS has no notifications', () => {
    const { port, n } = setup()
    port.available = false
    n.polled(notices(2))
    expect(port.shown).toHaveLength(0)
  })
})

describe('Pause ▸', () => {
  it('for one hour', () => {
    expect(pauseUntil('1h', localTime(15, 20))).toBe(localTime(16, 20))
  })

  it('until tomorrow morning, or this morning when it is still night', () => {
    expect(pauseUntil('morning', localTime(15))).toBe(localTime(MORNING_HOUR, 0, 1))
    expect(pauseUntil('morning', localTime(2))).toBe(localTime(MORNING_HOUR))
    expect(pauseUntil('morning', localTime(MORNING_HOUR))).toBe(localTime(MORNING_HOUR, 0, 1))
  })
})
