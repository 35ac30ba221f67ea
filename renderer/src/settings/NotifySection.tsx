import { described, Field } from './Field.tsx'
import type { SectionProps } from './SettingsWindow.tsx'

export function NotifySection({ draft, set, errorsFor, touch }: SectionProps) {
  const quiet = draft.quietHours
  return (
    <section className="card" aria-labelledby="notify-title">
      <h2 id="notify-title">Notifications</h2>
      <Field
        id="quietHours"
        label="Quiet hours"
        errors={errorsFor('quietHours')}
        help="Moments are still recorded, and shown as one summary afterwards."
      >
        <div className="quiet">
          <label className="check">
            <input
              id="quietHours"
              type="checkbox"
              checked={quiet.enabled}
              aria-invalid={errorsFor('quietHours').length > 0}
              onChange={(e) => set({ quietHours: { ...quiet, enabled: e.target.checked } })}
            />
            No notifications from
          </label>
          <input
            type="time"
            aria-label="Quiet hours start"
            value={quiet.from}
            disabled={!quiet.enabled}
            onChange={(e) => set({ quietHours: { ...quiet, from: e.target.value } })}
            onBlur={() => touch('quietHours')}
          />
          <span>to</span>
          <input
            type="time"
            aria-label="Quiet hours end"
            value={quiet.to}
            disabled={!quiet.enabled}
            onChange={(e) => set({ quietHours: { ...quiet, to: e.target.value } })}
            onBlur={() => touch('quietHours')}
          />
        </div>
      </Field>
      <Field
        id="digestThreshold"
        label="Summary instead of a flood"
        help="When one sync brings more than this many moments, you get one notification (“12 new moments in 4 accounts”) instead of one each."
        errors={errorsFor('digestThreshold')}
      >
        <input
          {...described('digestThreshold', errorsFor('digestThreshold'))}
          className="short"
          inputMode="numeric"
          value={draft.digestThreshold}
          onChange={(e) => set({ digestThreshold: e.target.value })}
          onBlur={() => touch('digestThreshold')}
        />
      </Field>
      <label className="check standalone">
        <input
          type="checkbox"
          checked={draft.launchAtLogin}
          onChange={(e) => set({ launchAtLogin: e.target.checked })}
        />
        Start Moments when I log in
      </label>
    </section>
  )
}
