import { useState } from 'react'
import type { Check } from '../../../shared/ipc/contract.ts'
import { slackSettings } from '../../../shared/settings/channels/slackSettings.ts'
import { call, errorText } from '../bridge.ts'
import { awayLimitText } from './awayLimit.ts'
import { CheckResult, described, Field, SecretInput } from './Field.tsx'
import type { SectionProps } from './SettingsWindow.tsx'
import type { Draft } from './settingsDraft.ts'

export function SlackSection(props: SectionProps & { dirty: boolean }) {
  const { view, draft, secrets, set, setSecret, errorsFor, touch, dirty } = props
  const [test, setTest] = useState<Check | 'running' | null>(null)
  const sendTest = async () => {
    setTest('running')
    try {
      setTest(await call('settings.testChannel', { channel: 'slack' }))
    } catch (e) {
      setTest({ ok: false, detail: errorText(e) })
    }
  }
  return (
    <section className="card" aria-labelledby="slack-title">
      <h2 id="slack-title">Slack</h2>
      <fieldset className="choice">
        <legend>Forward moments to Slack</legend>
        {slackSettings.form.modes.map(([mode, label]) => (
          <label key={mode}>
            <input
              type="radio"
              name="slackMode"
              checked={draft.slackMode === mode}
              onChange={() => set({ slackMode: mode as Draft['slackMode'] })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {draft.slackMode === 'webhook' ? (
        <Field
          id="slackWebhookUrl"
          label="Webhook URL"
          errors={errorsFor('slackWebhookUrl')}
          help="From a Slack app’s Incoming Webhooks page. Kept in your keychain."
        >
          <SecretInput
            id="slackWebhookUrl"
            saved={view.slackMode === 'webhook' && view.secretsSaved.slackWebhookUrl}
            state={secrets.slackWebhookUrl}
            onChange={(s) => setSecret('slackWebhookUrl', s)}
            errors={errorsFor('slackWebhookUrl')}
            placeholder="https://hooks.slack.com/services/…"
          />
        </Field>
      ) : null}
      {draft.slackMode === 'bot' ? (
        <div className="two">
          <Field
            id="slackBotToken"
            label="Bot token"
            errors={errorsFor('slackBotToken')}
            help="Kept in your keychain."
          >
            <SecretInput
              id="slackBotToken"
              saved={view.slackMode === 'bot' && view.secretsSaved.slackBotToken}
              state={secrets.slackBotToken}
              onChange={(s) => setSecret('slackBotToken', s)}
              errors={errorsFor('slackBotToken')}
              placeholder="xoxb-…"
            />
          </Field>
          <Field
            id="slackChannel"
            label="Channel"
            errors={errorsFor('slackChannel')}
            help="#moments, C0123ABCD, or @me for a direct message."
          >
            <input
              {...described('slackChannel', errorsFor('slackChannel'))}
              value={draft.slackChannel}
              spellCheck={false}
              onChange={(e) => set({ slackChannel: e.target.value })}
              onBlur={() => touch('slackChannel')}
            />
          </Field>
        </div>
      ) : null}
      {draft.slackMode !== 'off' ? (
        <>
          <fieldset className="choice">
            <legend>Send to Slack</legend>
            <label>
              <input
                type="radio"
                name="slackForward"
                checked={draft.slackForward === 'always'}
                onChange={() => set({ slackForward: 'always' })}
              />
              Always
            </label>
            <label>
              <input
                type="radio"
                name="slackForward"
                checked={draft.slackForward === 'away'}
                onChange={() => set({ slackForward: 'away' })}
              />
              Only when I’m away from this computer
            </label>
          </fieldset>
          {draft.slackForward === 'away' && awayLimitText(view.awayDetection) ? (
            <p className="away-limit" role="note" data-testid="away-limit">
              {awayLimitText(view.awayDetection)}
            </p>
          ) : null}
          {draft.slackForward === 'away' ? (
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
          <div className="with-result">
            <button
              type="button"
              onClick={sendTest}
              disabled={dirty || test === 'running' || view.slackMode === 'off'}
            >
              Send test message
            </button>
            {dirty ? (
              <span className="muted">Save first, then send a test message.</span>
            ) : (
              <CheckResult result={test} />
            )}
          </div>
        </>
      ) : null}
    </section>
  )
}
