import { useState } from 'react'
import type { FieldError } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { described, Field } from './Field.tsx'
import type { SectionProps } from './SettingsWindow.tsx'

type Checked = { ok: true; count: number } | { ok: false; errors: FieldError[] } | null

export function RulesSection({ draft, set, errorsFor }: SectionProps) {
  const [checked, setChecked] = useState<Checked>(null)
  const check = async () => {
    if (!draft.rulesPath.trim()) return setChecked(null)
    try {
      setChecked(await call('settings.validateRules', { path: draft.rulesPath.trim() }))
    } catch (e) {
      setChecked({ ok: false, errors: [{ field: 'rulesPath', message: errorText(e) }] })
    }
  }
  const errors = [...(checked && !checked.ok ? checked.errors : []), ...errorsFor('rulesPath')]
  const unique = errors.filter(
    (e, i) => errors.findIndex((o) => o.message === e.message && o.ruleId === e.ruleId) === i,
  )
  return (
    <section className="card" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules</h2>
      <Field
        id="rulesPath"
        label="Rules file"
        help={
          checked?.ok ? (
            <span className="check ok">
              ✓ {checked.count === 1 ? 'One rule loads' : `All ${checked.count} rules load`} fine.
            </span>
          ) : (
            'Leave empty for the built-in rules. The full path of a rules.yaml.'
          )
        }
        errors={unique}
      >
        <div className="with-button">
          <input
            {...described('rulesPath', unique)}
            value={draft.rulesPath}
            placeholder="Built-in rules"
            spellCheck={false}
            onChange={(e) => {
              set({ rulesPath: e.target.value })
              setChecked(null)
            }}
            onBlur={check}
          />
          <button type="button" onClick={check} disabled={!draft.rulesPath.trim()}>
            Check
          </button>
        </div>
      </Field>
    </section>
  )
}
