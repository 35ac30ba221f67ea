import { useState } from 'react'
import type { Check } from '../../../shared/ipc/contract.ts'
import type { ChannelSettings } from '../../../shared/settings/channelSettings.ts'
import { call, errorText } from '../bridge.ts'
import { awayLimitText } from './awayLimit.ts'
import { CheckResult, described, Field } from './Field.tsx'
import type { SectionProps } from './SettingsWindow.tsx'
import type { Draft } from './settingsDraft.ts'

// What every chat channel's section has: how it forwards (always, or only when I'm away), and a
// button that sends one test message with the saved settings.

export interface ChannelSectionProps extends SectionProps {
  entry: ChannelSettings
  /** A field of this channel differs from what is saved: the test would not test it yet */
  dirty: boolean
  /** This section shows the "away after" minutes (they are one setting for every channel) */
  showAway: boolean
}

export function ForwardChoice({ entry, view, draft, set, errorsFor, touch, showAway }: ChannelSectionProps) {
  const field = entry.forwardField as keyof Draft
  const limit = draft[field] === 'away' ? awayLimitText(view.awayDetection, entry.label) : null
  return (
    <>
      <fieldset className="choice">
        <legend>Send to {entry.label}</legend>
        <label>
          <input
            type="radio"
            name={field}
            checked={draft[field] === 'always'}
            onChange={() => set({ [field]: 'always' } as Partial<Draft>)}
          />
          Always
        </label>
        <label>
          <input
            type="radio"
            name={field}
            checked={draft[field] === 'away'}
            onChange={() => set({ [field]: 'away' } as Partial<Draft>)}
          />
          Only when I’m away from this computer
        </label>
      </fieldset>
      {limit ? (
        <p className="away-limit" role="note" data-testid="away-limit">
          {limit}
        </p>
      ) : null}
      {showAway ? (
        <Field
          id="awayAfterMinutes"
          label="Away after (minutes idle or screen locked)"
          errors={errorsFor('awayAfterMinutes')}
        >
          <input
            {...described('awayAfterMinutes', errorsFor('awayAfterMinutes'), false)}
            className="short"
            inputMode="numeric"
            value={draft.awayAfterMinutes}
            onChange={(e) => set({ awayAfterMinutes: e.target.value })}
            onBlur={() => touch('awayAfterMinutes')}
          />
        </Field>
      ) : null}
    </>
  )
}

export function TestMessage({ entry, view, dirty }: ChannelSectionProps) {
  const [test, setTest] = useState<Check | 'running' | null>(null)
  const sendTest = async () => {
    setTest('running')
    try {
      setTest(await call('settings.testChannel', { channel: entry.type }))
    } catch (e) {
      setTest({ ok: false, detail: errorText(e) })
    }
  }
  const savedOff = view[entry.modeField as keyof typeof view] === 'off'
  return (
    <div className="with-result">
      <button type="button" onClick={sendTest} disabled={dirty || test === 'running' || savedOff}>
        {entry.form.testLabel}
      </button>
      {dirty ? (
        <span className="muted">Save first, then send a test message.</span>
      ) : (
        <CheckResult result={test} />
      )}
    </div>
  )
}

/** Whether the saved-or-typed mode of a channel posts at all. */
export function channelOn(entry: ChannelSettings, draft: Draft): boolean {
  return draft[entry.modeField as keyof Draft] !== 'off'
}
