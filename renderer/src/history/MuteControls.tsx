import type { MomentDetail } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { untilText } from '../ui/format.ts'

const HOUR = 3_600_000
export const MUTE_CHOICES = [
  { label: '1 hour', ms: HOUR },
  { label: '4 hours', ms: 4 * HOUR },
  { label: '1 day', ms: 24 * HOUR },
  { label: '1 week', ms: 7 * 24 * HOUR },
  { label: '30 days', ms: 30 * 24 * HOUR },
] as const

interface Props {
  detail: MomentDetail
  onChanged: () => void
  onNote: (note: string | null) => void
}

/** "Snooze this account" / "Mute this rule" for a chosen time, or resume. */
export function MuteControls({ detail, onChanged, onNote }: Props) {
  const act = async (work: () => Promise<unknown>, note: string) => {
    try {
      await work()
      onNote(note)
      onChanged()
    } catch (error) {
      onNote(errorText(error))
    }
  }
  const mute = (kind: 'account' | 'rule', target: string, forMs: number, what: string) =>
    act(
      () => call('mutes.set', { kind, target, forMs }),
      `${what} for ${labelOf(forMs)}. Its moments are kept in the history, marked snoozed.`,
    )
  const resume = (kind: 'account' | 'rule', target: string, what: string) =>
    act(() => call('mutes.clear', { kind, target }), `${what} resumed.`)

  return (
    <>
      {detail.mutes.accountUntil ? (
        <span className="muted-state">
          Account snoozed {untilText(detail.mutes.accountUntil)}
          <button
            type="button"
            className="link"
            onClick={() => resume('account', detail.accountId, 'Account')}
          >
            Resume
          </button>
        </span>
      ) : (
        <select
          aria-label="Snooze this account for"
          value=""
          onChange={(e) => mute('account', detail.accountId, Number(e.target.value), 'Account snoozed')}
        >
          <option value="" disabled>
            Snooze account…
          </option>
          {MUTE_CHOICES.map((c) => (
            <option key={c.ms} value={c.ms}>
              for {c.label}
            </option>
          ))}
        </select>
      )}
      {detail.mutes.ruleUntil ? (
        <span className="muted-state">
          Rule muted {untilText(detail.mutes.ruleUntil)}
          <button type="button" className="link" onClick={() => resume('rule', detail.rule, 'Rule')}>
            Resume
          </button>
        </span>
      ) : (
        <select
          aria-label="Mute this rule for"
          value=""
          onChange={(e) => mute('rule', detail.rule, Number(e.target.value), 'Rule muted')}
        >
          <option value="" disabled>
            Mute rule…
          </option>
          {MUTE_CHOICES.map((c) => (
            <option key={c.ms} value={c.ms}>
              for {c.label}
            </option>
          ))}
        </select>
      )}
    </>
  )
}

function labelOf(ms: number): string {
  return MUTE_CHOICES.find((c) => c.ms === ms)?.label ?? `${Math.round(ms / HOUR)} hours`
}
