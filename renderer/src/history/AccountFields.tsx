import type { MomentDetail } from '../../../shared/ipc/contract.ts'

/**
 * The account as Salesforce had it when the moment was recorded: the fields the rules saw, by the
 * org's labels. Values come from the CRM and are rendered as text, never markup.
 */
export function AccountFields({ detail }: { detail: MomentDetail }) {
  if (detail.account.length === 0) return null
  return (
    <section className="fields account-fields" aria-labelledby="account-title">
      <h3 id="account-title">Account</h3>
      <p className="fields-meta">From Salesforce, when the moment was recorded</p>
      <table data-testid="account-fields">
        <tbody>
          {detail.account.map((fact) => (
            <tr key={fact.path} title={fact.path}>
              <th scope="row">{fact.label}</th>
              <td>{fact.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
