import type { ReactNode } from 'react'
import type { FieldError } from '../../../shared/ipc/contract.ts'

interface Props {
  id: string
  label: string
  help?: ReactNode
  errors?: FieldError[]
  children: ReactNode
}

/** A label, the control, a help line and the field's problems (rule id + reason for rules). */
export function Field({ id, label, help, errors = [], children }: Props) {
  return (
    <div className={`field${errors.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help ? (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {errors.length ? (
        <ul className="field-errors" id={`${id}-error`} role="alert" data-testid={`error-${id}`}>
          {errors.map((e) => (
            <li key={`${e.ruleId ?? ''}:${e.message}`}>
              {e.ruleId ? <code className="rule-id">{e.ruleId}</code> : null}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** aria props that tie a control to its help and errors. */
export function described(id: string, errors: FieldError[] = [], hasHelp = true) {
  const ids = [hasHelp ? `${id}-help` : '', errors.length ? `${id}-error` : ''].filter(Boolean)
  return { id, 'aria-invalid': errors.length > 0, 'aria-describedby': ids.join(' ') || undefined }
}

export interface SecretState {
  value: string
  remove: boolean
}

interface SecretProps {
  id: string
  saved: boolean
  state: SecretState
  onChange: (state: SecretState) => void
  errors?: FieldError[]
  placeholder?: string
}

/** A secret is never shown: only whether one is saved, with a way to replace or remove it. */
export function SecretInput({ id, saved, state, onChange, errors, placeholder }: SecretProps) {
  if (state.remove) {
    return (
      <div className="secret-removed">
        Removed when you save.
        <button type="button" className="link" onClick={() => onChange({ value: '', remove: false })}>
          Undo
        </button>
      </div>
    )
  }
  return (
    <div className="secret">
      <input
        {...described(id, errors)}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={state.value}
        placeholder={saved ? 'Saved in your keychain: type to replace' : placeholder}
        onChange={(e) => onChange({ value: e.target.value, remove: false })}
      />
      {saved && !state.value ? (
        <button type="button" className="link" onClick={() => onChange({ value: '', remove: true })}>
          Remove
        </button>
      ) : null}
    </div>
  )
}

export function CheckResult({ result }: { result: { ok: boolean; detail: string } | 'running' | null }) {
  if (result === null) return null
  if (result === 'running') return <span className="check running">Checking…</span>
  return (
    <span className={`check ${result.ok ? 'ok' : 'failed'}`} role="status">
      <span aria-hidden="true">{result.ok ? '✓ ' : '✗ '}</span>
      {result.detail}
    </span>
  )
}
