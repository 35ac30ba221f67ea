import type { NoticeMoment } from '../../../shared/notice.ts'
import type { NotifierPort, Platform } from '../ports.ts'
import { buttonAction, clickAction, type NoticeAction, notificationSpec } from './notificationContent.ts'
import { emptyNotifyState, type NotifyPrefs, type NotifyState, notificationPlan } from './notificationPlan.ts'

/**
 * Carries out the notification plan: holds, releases and shows. The state (pause, held moments,
 * digest-next) lives here, in the main process; it is not persisted: held moments stay unread in
 * the history after a restart.
 */
export function notifier(options: {
  port: NotifierPort
  platform: Platform
  clock: () => number
  prefs: () => NotifyPrefs
  act: (action: NoticeAction) => void
  /** Whether "Log to Salesforce" can work now (signed in, not the demo) */
  salesforce?: () => boolean
  log?: (message: string) => void
  /** A notification the OS would not show: worth a warning, the moment is still in the history */
  problem?: (message: string) => void
}) {
  let state: NotifyState = emptyNotifyState()

  function apply(
    delivered: readonly NoticeMoment[],
    afterPoll: boolean,
    deliveredCount?: number,
    digest?: boolean,
  ): void {
    const plan = notificationPlan(delivered, options.prefs(), state, options.clock(), {
      deliveredCount,
      digest,
    })
    // A poll consumes "digest next" even when it brought nothing: only the catch-up is folded.
    state = afterPoll && !plan.holding ? { ...plan.state, digestNext: false } : plan.state
    if (plan.holding && delivered.length > 0) options.log?.(`holding ${delivered.length} (${plan.holding})`)
    if (!options.port.supported()) return
    // The buttons a notification shows and what a press does come from the same list.
    const buttons = { salesforce: options.salesforce?.() ?? false }
    for (const notice of plan.notices) {
      options.port.show(notificationSpec(notice, options.platform, buttons), {
        onClick: () => options.act(clickAction(notice)),
        onAction: (index) => {
          const action = buttonAction(notice, index, buttons)
          if (action) options.act(action)
        },
        onFailed: (error) =>
          options.problem?.(
            `a ${notice.kind === 'digest' ? 'digest ' : ''}notification could not be shown: ${error}`,
          ),
      })
    }
  }

  return {
    /** The moments one poll delivered (status delivered only); `digest`: fold them into one. */
    polled(
      delivered: readonly NoticeMoment[],
      total = delivered.length,
      how: { digest?: boolean } = {},
    ): void {
      apply(delivered, true, total, how.digest)
    },
    /** Every minute, and when a pause ends: releases what may be shown now. */
    tick(): void {
      apply([], false)
    },
    /** Back from sleep, unlocked, or online again: the next poll's moments come as one digest. */
    expectCatchUp(): void {
      state = { ...state, digestNext: true }
    },
    pause(until: number): void {
      state = { ...state, pausedUntil: until }
    },
    resume(): void {
      state = { ...state, pausedUntil: null }
      apply([], false)
    },
    pausedUntil(): number | null {
      const until = state.pausedUntil
      return until !== null && until > options.clock() ? until : null
    },
  }
}

export type Notifier = ReturnType<typeof notifier>
