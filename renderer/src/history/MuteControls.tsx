import type { MomentDetail } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { untilText } from '../ui/format.ts'

const HOUR = 3_600_000
const MUTE_CHOICES = [
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
      <MuteControl
        until={detail.mutes.accountUntil}
        mutedText="Account snoozed"
        chooseText="Snooze account…"
        ariaLabel="Snooze this account for"
        onMute={(forMs) => mute('account', detail.accountId, forMs, 'Account snoozed')}
        onResume={() => resume('account', detail.accountId, 'Account')}
      />
      <MuteControl
        until={detail.mutes.ruleUntil}
        mutedText="Rule muted"
        chooseText="Mute rule…"
        ariaLabel="Mute this rule for"
        onMute={(forMs) => mute('rule', detail.rule, forMs, 'Rule muted')}
        onResume={() => resume('rule', detail.rule, 'Rule')}
      />
    </>
  )
}

/** One mute: its state and a Resume link while it lasts, else a choice of how long. */
function MuteControl(props: {
  until: string | null
  mutedText: string
  chooseText: string
  ariaLabel: string
  onMute: (forMs: number) => void
  onResume: () => void
}) {
  if (props.until) {
    return (
      <span className="muted-state">
        {props.mutedText} {untilText(props.until)}
        <button type="button" className="link" onClick={props.onResume}>
          Resume
        </button>
      </span>
    )
  }
  return (
    <select aria-label={props.ariaLabel} value="" onChange={(e) => props.onMute(Number(e.target.value))}>
      <option value="" disabled>
        {props.chooseText}
      </option>
      {MUTE_CHOICES.map((c) => (
        <option key={c.ms} value={c.ms}>
          for {c.label}
        </option>
      ))}
    </select>
  )
}

function labelOf(ms: number): string {
  return MUTE_CHOICES.find((c) => c.ms === ms)?.label ?? `${Math.round(ms / HOUR)} hours`
}
