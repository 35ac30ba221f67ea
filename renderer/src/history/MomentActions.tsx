import { useState } from 'react'
import type { ActionKind, MomentAction, MomentDetail } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { ago, fullTime } from '../ui/format.ts'

interface Props {
  detail: MomentDetail
  /** The moment's actions changed (and it is read now) */
  onActed: (actions: MomentAction[]) => void
}

const BUTTONS: { kind: ActionKind; label: string; title: string }[] = [
  {
    kind: 'email',
    label: 'Reach out',
    title: 'Draft an e-mail in your mail client (Moments never sends it)',
  },
  { kind: 'log', label: 'Log to Salesforce', title: "A completed Task on the account's activity timeline" },
  { kind: 'done', label: 'Done', title: 'Handled: nothing more to do' },
  { kind: 'noise', label: 'Not useful', title: 'This rule told you nothing worth knowing here' },
]

const DONE_TEXT: Record<ActionKind, string> = {
  email: 'Reached out',
  log: 'Logged to Salesforce',
  done: 'Done',
  noise: 'Not useful',
}

/** Reach out, log to Salesforce, done, not useful: one click each, and what was done so far. */
export function MomentActions({ detail, onActed }: Props) {
  const [busy, setBusy] = useState<ActionKind | null>(null)
  const [note, setNote] = useState<{ text: string; failed: boolean } | null>(null)
  const taken = new Set(detail.actions.map((a) => a.kind))

  const act = async (kind: ActionKind) => {
    setBusy(kind)
    setNote(null)
    try {
      const result = await call('moments.act', { id: detail.id, kind })
      onActed(result.actions)
      setNote({ text: noteOf(kind, result), failed: false })
    } catch (error) {
      const what =
        kind === 'log' ? 'Not logged to Salesforce' : kind === 'email' ? 'No e-mail drafted' : 'Not saved'
      setNote({ text: `${what}: ${errorText(error)}`, failed: true })
    } finally {
      setBusy(null)
    }
  }

  return (
    <section className="act" aria-label="Act on this moment" data-testid="moment-actions">
      <div className="act-buttons">
        {BUTTONS.map((b) => {
          // A Task is logged once; done and not useful are said once. A second e-mail is fine.
          const settled = b.kind !== 'email' && taken.has(b.kind)
          return (
            <button
              key={b.kind}
              type="button"
              className={b.kind === 'email' || b.kind === 'log' ? 'primary' : ''}
              title={b.title}
              disabled={busy !== null || settled}
              aria-busy={busy === b.kind}
              onClick={() => act(b.kind)}
            >
              {busy === b.kind ? `${b.label}…` : settled ? `${b.label} ✓` : b.label}
            </button>
          )
        })}
      </div>
      {note ? (
        <p
          className={note.failed ? 'act-note error-text' : 'act-note'}
          role={note.failed ? 'alert' : 'status'}
        >
          {note.text}
        </p>
      ) : null}
      {detail.actions.length > 0 ? (
        <ul className="act-log" aria-label="What was done">
          {detail.actions.map((a) => (
            <li key={`${a.kind}-${a.at}`}>
              <span className={`chip acted ${a.kind}`}>{DONE_TEXT[a.kind]}</span>
              {a.ref ? <code>Task {a.ref}</code> : null}
              <time dateTime={a.at} title={fullTime(a.at)}>
                {ago(a.at)}
              </time>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}

function noteOf(
  kind: ActionKind,
  result: {
    already: boolean
    action: MomentAction
    draft?: { to: string[]; recipients: string; cut: boolean }
    note?: string
  },
): string {
  if (kind === 'email') {
    const draft = result.draft
    const to = draft && draft.to.length > 0 ? `to ${draft.to.join(', ')}` : 'with no recipient: add one'
    const from = draft?.recipients === 'contacts' ? " (the account's contacts in Salesforce)" : ''
    const cut = draft?.cut ? ' The text was cut to fit a mail link.' : ''
    const extra = result.note ? ` Note: ${result.note}.` : ''
    return `E-mail drafted in your mail client ${to}${from}.${cut}${extra}`
  }
  if (kind === 'log') {
    return result.already
      ? `Already logged to Salesforce as Task ${result.action.ref ?? ''}.`
      : `Logged to Salesforce as Task ${result.action.ref ?? ''}: it shows in the account's activity timeline.`
  }
  return kind === 'done' ? 'Marked done.' : 'Marked not useful: it counts against this rule in Preview rules.'
}
