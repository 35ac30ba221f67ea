import { useState } from 'react'
import type { Check } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { CheckResult, described, Field, SecretInput } from './Field.tsx'
import type { SectionProps } from './SettingsWindow.tsx'

export function SalesforceSection({
  view,
  draft,
  secrets,
  set,
  setSecret,
  errorsFor,
  touch,
  onView,
}: SectionProps) {
  const [result, setResult] = useState<Check | 'running' | null>(null)
  const signIn = async () => {
    setResult('running')
    try {
      const check = await call('settings.salesforceSignIn', { instanceUrl: draft.salesforceInstanceUrl })
      setResult(check)
      if (check.ok) onView(await call('settings.get', {}))
    } catch (e) {
      setResult({ ok: false, detail: errorText(e) })
    }
  }
  const signOut = async () => {
    await call('settings.salesforceSignOut', {})
    setResult(null)
    onView(await call('settings.get', {}))
  }
  return (
    <section className="card" aria-labelledby="salesforce-title">
      <h2 id="salesforce-title">Salesforce</h2>
      <p className="muted">Moments shows only the accounts you own in Salesforce.</p>
      <Field
        id="salesforceInstanceUrl"
        label="Your Salesforce address"
        errors={errorsFor('salesforceInstanceUrl')}
        help="Your org’s My Domain address."
      >
        <input
          {...described('salesforceInstanceUrl', errorsFor('salesforceInstanceUrl'))}
          value={draft.salesforceInstanceUrl}
          placeholder="https://example.my.salesforce.com"
          spellCheck={false}
          onChange={(e) => set({ salesforceInstanceUrl: e.target.value })}
          onBlur={() => touch('salesforceInstanceUrl')}
        />
      </Field>
      <div className="signin">
        {view.salesforceSignedInAs ? (
          <>
            <span className="signed-in">
              Signed in as <strong>{view.salesforceSignedInAs}</strong>
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={signIn}
            disabled={!draft.salesforceInstanceUrl.trim() || result === 'running'}
          >
            Sign in with Salesforce
          </button>
        )}
        <CheckResult result={result === 'running' ? 'running' : result} />
      </div>
      <Field
        id="salesforceAccessToken"
        label="Or paste an access token"
        help="For orgs that do not allow the sign-in. Kept in your system keychain."
        errors={errorsFor('salesforceAccessToken')}
      >
        <SecretInput
          id="salesforceAccessToken"
          saved={view.secretsSaved.salesforceAccessToken && !view.salesforceSignedInAs}
          state={secrets.salesforceAccessToken}
          onChange={(s) => setSecret('salesforceAccessToken', s)}
          errors={errorsFor('salesforceAccessToken')}
        />
      </Field>
      <Field
        id="ownerFields"
        label="Accounts are mine when I am their"
        help="Account lookup fields, comma-separated: OwnerId, and e.g. Solutions_Engineer__c."
        errors={errorsFor('ownerFields')}
      >
        <input
          {...described('ownerFields', errorsFor('ownerFields'))}
          value={draft.ownerFields}
          spellCheck={false}
          onChange={(e) => set({ ownerFields: e.target.value })}
          onBlur={() => touch('ownerFields')}
        />
      </Field>
      <Field
        id="accountFields"
        label="Account fields rules can read"
        help="Account field API names, comma-separated, as account.Type in a rule: Type, Renewal_Date__c, Owner.Name. Empty: Name, Type, Industry and Annual Revenue."
        errors={errorsFor('accountFields')}
      >
        <input
          {...described('accountFields', errorsFor('accountFields'))}
          value={draft.accountFields}
          placeholder="Name, Type, Industry, AnnualRevenue"
          spellCheck={false}
          onChange={(e) => set({ accountFields: e.target.value })}
          onBlur={() => touch('accountFields')}
        />
      </Field>
      {view.accountFieldLabels.length > 0 ? (
        <div className="account-field-labels" data-testid="account-field-labels">
          <p className="muted">Read at the last refresh, as your org names them:</p>
          <ul>
            {view.accountFieldLabels.map((field) => (
              <li key={field.path}>
                {field.label} <code>{field.path}</code> <span className="muted">{field.type}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  )
}
