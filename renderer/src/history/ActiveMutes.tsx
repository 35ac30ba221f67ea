import { useCallback, useEffect, useState } from 'react'
import type { Response } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { untilText } from '../ui/format.ts'

/** The snoozes and mutes in force, with a way out of each: shown while no moment is open. */
export function ActiveMutes() {
  const [mutes, setMutes] = useState<Response<'mutes.list'> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(() => {
    call('mutes.list', {}).then(setMutes, (e) => setError(errorText(e)))
  }, [])
  useEffect(load, [load])
  if (error) return <p className="error-text">{error}</p>
  if (!mutes || mutes.length === 0) return null
  return (
    <section className="active-mutes" aria-labelledby="mutes-title">
      <h3 id="mutes-title">Snoozed and muted</h3>
      <ul>
        {mutes.map((m) => (
          <li key={`${m.kind}:${m.target}`}>
            <span>
              {m.kind === 'account' ? 'Account' : 'Rule'} <strong>{m.label}</strong> {untilText(m.until)}
            </span>
            <button
              type="button"
              className="link"
              onClick={() =>
                call('mutes.clear', { kind: m.kind, target: m.target }).then(load, (e) =>
                  setError(errorText(e)),
                )
              }
            >
              Resume
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
