import { PATCH_SECRETS } from '../../../shared/settings/desktopSettings.ts'
import { type ChannelSectionProps, channelOn, ForwardChoice, TestMessage } from './channelParts.tsx'
import { described, Field, SecretInput } from './Field.tsx'
import type { Draft, Secrets } from './settingsDraft.ts'

/**
 * A chat channel's section drawn from its settings entry alone: how it posts (its modes), the
 * fields the chosen mode asks for, how it forwards, and a test message. A channel needs no
 * window code of its own.
 */
export function ChannelSection(props: ChannelSectionProps) {
  const { entry, view, draft, secrets, set, setSecret, errorsFor, touch } = props
  const modeField = entry.modeField as keyof Draft
  const mode = String(draft[modeField])
  const fields = entry.form.fields[mode] ?? []
  return (
    <section className="card" aria-labelledby={`${entry.type}-title`}>
      <h2 id={`${entry.type}-title`}>{entry.label}</h2>
      <fieldset className="choice">
        <legend>Forward moments to {entry.label}</legend>
        {entry.form.modes.map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name={modeField}
              checked={mode === value}
              onChange={() => set({ [modeField]: value } as Partial<Draft>)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {fields.map((field) => {
        const errors = errorsFor(field.name)
        const secret = (PATCH_SECRETS as string[]).includes(field.name)
        return (
          <Field key={field.name} id={field.name} label={field.label} errors={errors} help={field.help}>
            {secret ? (
              <SecretInput
                id={field.name}
                saved={
                  view[modeField as keyof typeof view] === mode &&
                  view.secretsSaved[field.name as keyof typeof view.secretsSaved]
                }
                state={secrets[field.name as keyof Secrets]}
                onChange={(state) => setSecret(field.name as keyof Secrets, state)}
                errors={errors}
                placeholder={field.placeholder}
              />
            ) : (
              <input
                {...described(field.name, errors)}
                value={String(draft[field.name as keyof Draft] ?? '')}
                placeholder={field.placeholder}
                spellCheck={false}
                onChange={(e) => set({ [field.name]: e.target.value } as Partial<Draft>)}
                onBlur={() => touch(field.name)}
              />
            )}
          </Field>
        )
      })}
      {channelOn(entry, draft) ? (
        <>
          <ForwardChoice {...props} />
          <TestMessage {...props} />
        </>
      ) : null}
    </section>
  )
}
