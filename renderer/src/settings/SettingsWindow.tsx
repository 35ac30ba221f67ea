import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react'
import type { FieldError, SettingsView } from '../../../shared/ipc/contract.ts'
import { CHANNEL_ENTRIES } from '../../../shared/settings/desktopSettings.ts'
import { call, errorText } from '../bridge.ts'
import { ChannelSection } from './ChannelSection.tsx'
import { type ChannelSectionProps, channelOn } from './channelParts.tsx'
import { NotifySection } from './NotifySection.tsx'
import { RulesSection } from './RulesSection.tsx'
import { SalesforceSection } from './SalesforceSection.tsx'
import { SlackSection } from './SlackSection.tsx'
import { type Draft, draftOf, localErrors, NO_SECRETS, patchOf, type Secrets } from './settingsDraft.ts'
import { WarehouseSection } from './WarehouseSection.tsx'

export interface SectionProps {
  view: SettingsView
  draft: Draft
  secrets: Secrets
  set: (change: Partial<Draft>) => void
  setSecret: (name: keyof Secrets, state: Secrets[keyof Secrets]) => void
  errorsFor: (field: string) => FieldError[]
  touch: (field: string) => void
  onView: (view: SettingsView) => void
}

/** A channel that needs a section of its own; the others are drawn from their settings entry. */
const CHANNEL_SECTIONS: Record<string, (props: ChannelSectionProps) => ReactNode> = { slack: SlackSection }

type Saving =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved' }
  | { state: 'invalid'; count: number }
  | { state: 'failed'; message: string }

export function SettingsWindow() {
  const [view, setView] = useState<SettingsView | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [secrets, setSecrets] = useState<Secrets>(NO_SECRETS)
  const [serverErrors, setServerErrors] = useState<FieldError[]>([])
  const [touched, setTouched] = useState<Set<string>>(new Set())
  const [submitted, setSubmitted] = useState(false)
  const [saving, setSaving] = useState<Saving>({ state: 'idle' })

  // Only state setters inside: the same function on every render, so loading it once stays right.
  const adopt = useCallback((next: SettingsView) => {
    setView(next)
    setDraft(draftOf(next))
    setSecrets(NO_SECRETS)
    setServerErrors([])
    setTouched(new Set())
    setSubmitted(false)
  }, [])
  useEffect(() => {
    call('settings.get', {}).then(adopt, (e) => setLoadError(errorText(e)))
  }, [adopt])

  const local = useMemo(() => (draft ? localErrors(draft, secrets) : []), [draft, secrets])
  if (loadError) return <div className="settings-window fatal">Could not read the settings: {loadError}</div>
  if (!view || !draft) return <div className="settings-window loading">Loading settings…</div>

  const patch = patchOf(view, draft, secrets)
  // "Away after" is one setting for every channel: the first channel forwarding only when away shows it.
  const awayShownBy = CHANNEL_ENTRIES.find(
    (entry) => channelOn(entry, draft) && draft[entry.forwardField as keyof Draft] === 'away',
  )?.type
  const dirty = Object.keys(patch).length > 0
  const errorsFor = (field: string) => [
    ...(submitted || touched.has(field) ? local.filter((e) => e.field === field) : []),
    ...serverErrors.filter((e) => e.field === field),
  ]
  const edited = (fields: string[]) => {
    setServerErrors((errors) => errors.filter((e) => !fields.includes(e.field)))
    setSaving({ state: 'idle' })
  }
  const section: SectionProps = {
    view,
    draft,
    secrets,
    set: (change) => {
      setDraft({ ...draft, ...change })
      edited(Object.keys(change))
    },
    setSecret: (name, state) => {
      setSecrets({ ...secrets, [name]: state })
      edited([name])
    },
    errorsFor,
    touch: (field) => setTouched(new Set(touched).add(field)),
    onView: (next) => {
      setView(next)
      setDraft({ ...draft, salesforceInstanceUrl: next.salesforceInstanceUrl ?? draft.salesforceInstanceUrl })
    },
  }

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    if (local.length > 0) {
      setSaving({ state: 'invalid', count: local.length })
      focusFirstInvalid()
      return
    }
    setSaving({ state: 'saving' })
    try {
      const answer = await call('settings.save', patch)
      if (answer.ok) {
        adopt(answer.view)
        setSaving({ state: 'saved' })
      } else {
        setServerErrors(answer.errors)
        setSaving({ state: 'invalid', count: answer.errors.length })
        focusFirstInvalid()
      }
    } catch (e) {
      setSaving({ state: 'failed', message: errorText(e) })
    }
  }

  return (
    <div className="settings-window">
      <form className="settings" onSubmit={save} noValidate aria-label="Settings">
        <h1>Settings</h1>
        {view.demo ? (
          <div className="banner" role="note" data-testid="settings-demo-banner">
            <span>
              <strong>Moments is running the demo</strong> with synthetic customers. Connect your warehouse
              and sign in to Salesforce to see your own accounts.
            </span>
          </div>
        ) : null}
        <WarehouseSection {...section} />
        <SalesforceSection {...section} />
        {CHANNEL_ENTRIES.map((entry) => {
          const Section = CHANNEL_SECTIONS[entry.type] ?? ChannelSection
          // Changing how it forwards (always, away) does not change what a test message tests.
          const dirty = Object.keys(entry.fields).some((name) => name !== entry.forwardField && name in patch)
          return (
            <Section
              key={entry.type}
              {...section}
              entry={entry}
              dirty={dirty}
              showAway={entry.type === awayShownBy}
            />
          )
        })}
        <RulesSection {...section} />
        <NotifySection {...section} />
        <footer className="save-bar">
          <SaveState saving={saving} />
          <button type="button" disabled={!dirty} onClick={() => adopt(view)}>
            Revert
          </button>
          <button type="submit" className="primary" disabled={!dirty || saving.state === 'saving'}>
            {saving.state === 'saving' ? 'Saving…' : 'Save'}
          </button>
        </footer>
      </form>
    </div>
  )
}

function SaveState({ saving }: { saving: Saving }) {
  switch (saving.state) {
    case 'saved':
      return (
        <span className="save-state ok" role="status">
          Saved. Moments uses the new settings from its next sync.
        </span>
      )
    case 'invalid':
      return (
        <span className="save-state failed" role="alert" data-testid="save-problems">
          {saving.count === 1 ? 'One setting needs' : `${saving.count} settings need`} your attention (marked
          above).
        </span>
      )
    case 'failed':
      return (
        <span className="save-state failed" role="alert">
          Not saved: {saving.message}
        </span>
      )
    default:
      return <span className="save-state" />
  }
}

function focusFirstInvalid(): void {
  // After React has drawn the errors.
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
}
