import type { MomentDetail } from '../../../shared/ipc/contract.ts'
import { durationText, plural } from '../ui/format.ts'

/** The rule, its condition, and what snoozing did: so a surprising moment explains itself. */
export function WhyYouGotThis({ detail }: { detail: MomentDetail }) {
  const { why } = detail
  return (
    <section className="why" aria-labelledby="why-title" data-testid="why">
      <h3 id="why-title">Why you got this</h3>
      <dl>
        <dt>Rule</dt>
        <dd>
          {why.ruleName} <code className="rule-id">{detail.rule}</code>
        </dd>
        <dt>Condition</dt>
        <dd>
          <code className="condition">{why.condition}</code>
        </dd>
        {why.accountFields.length > 0 ? (
          <>
            <dt>Account fields</dt>
            <dd data-testid="why-account">
              The condition read{' '}
              {why.accountFields.map((fact, i) => (
                <span key={fact.path}>
                  {i > 0 ? ', ' : null}
                  {fact.label} <code className="rule-id">account.{fact.path}</code> ({fact.text})
                </span>
              ))}
              , as Salesforce had {why.accountFields.length > 1 ? 'them' : 'it'} when the moment was recorded.
            </dd>
          </>
        ) : null}
        <dt>Snooze</dt>
        <dd>{snoozeText(detail)}</dd>
        {detail.forward !== 'none' ? (
          <>
            <dt>{detail.forwardChannel ?? 'Forwarding'}</dt>
            <dd className={detail.forward === 'failed' ? 'error-text' : undefined}>{forwardText(detail)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  )
}

function snoozeText(m: MomentDetail): string {
  const { why } = m
  const key = why.snoozedBy ? ` for the same ${why.snoozedBy}` : ''
  if (m.status === 'snoozed') {
    switch (why.reason) {
      case 'account-muted':
        return 'Not shown: you had snoozed this account. It is kept here so nothing is lost.'
      case 'rule-muted':
        return 'Not shown: you had muted this rule. It is kept here so nothing is lost.'
      default:
        return `Not shown: a moment of this rule${key} was shown within ${durationText(why.snoozeMs)} of it. It is counted in the next one shown.`
    }
  }
  if (why.onceBy) return `Told only the first time for this ${why.onceBy}: repeats make no moment at all.`
  if (why.snoozeMs === 0) return 'This rule is never snoozed: every match is shown.'
  const folded =
    m.folded > 0
      ? ` ${plural(m.folded, 'similar moment was', 'similar moments were')} folded into this one.`
      : ''
  return `Shown. Repeats${key} within ${durationText(why.snoozeMs)} are snoozed.${folded}`
}

function forwardText(m: MomentDetail): string {
  switch (m.forward) {
    case 'sent':
      return `Forwarded to ${m.forwardChannel ?? 'the channel'}.`
    case 'pending':
      return m.forwardError
        ? `Waiting to be forwarded; the last try failed: ${m.forwardError}`
        : 'Waiting to be forwarded.'
    case 'failed':
      return `Could not be forwarded to ${m.forwardChannel ?? 'the channel'}: ${m.forwardError ?? 'no reason was given'}`
    default:
      return ''
  }
}
