import { slackSettings } from '../../../shared/settings/channels/slackSettings.ts'
import { type ChannelSectionProps, ForwardChoice, TestMessage } from './channelParts.tsx'
import { described, Field, SecretInput } from './Field.tsx'
import type { Draft } from './settingsDraft.ts'

/** Slack's own section: a bot token and a channel side by side. */
export function SlackSection(props: ChannelSectionProps) {
  const { view, draft, secrets, set, setSecret, errorsFor, touch } = props
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
          <ForwardChoice {...props} />
          <TestMessage {...props} />
        </>
      ) : null}
    </section>
  )
}
