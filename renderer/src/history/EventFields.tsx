import { useState } from 'react'
import type { MomentDetail } from '../../../shared/ipc/contract.ts'
import { fullTime, plural } from '../ui/format.ts'

/** Every column of the warehouse row, as text: the values are untrusted and never markup. */
export function EventFields({ detail }: { detail: MomentDetail }) {
  const [showEmpty, setShowEmpty] = useState(false)
  const entries = Object.entries(detail.event)
  const filled = entries.filter(([, v]) => v !== null && v !== '')
  const empty = entries.length - filled.length
  const shown = showEmpty ? entries : filled
  return (
    <section className="fields" aria-labelledby="fields-title">
      <h3 id="fields-title">Event</h3>
      <p className="fields-meta">
        Happened {fullTime(detail.occurredAt)} · in the warehouse {fullTime(detail.loadedAt)} · recorded{' '}
        {fullTime(detail.recordedAt)}
      </p>
      <table data-testid="event-fields">
        <tbody>
          {shown.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td className={value === null ? 'null' : typeof value}>
                {value === null ? 'null' : String(value)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {empty > 0 ? (
        <button type="button" className="link" onClick={() => setShowEmpty(!showEmpty)}>
          {showEmpty ? 'Hide empty fields' : `Show ${plural(empty, 'empty field')}`}
        </button>
      ) : null}
    </section>
  )
}
