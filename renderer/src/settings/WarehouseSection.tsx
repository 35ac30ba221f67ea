import { useState } from 'react'
import type { Check } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import { CheckResult, described, Field, SecretInput } from './Field.tsx'
import type { SectionProps } from './SettingsWindow.tsx'

export function WarehouseSection({ view, draft, secrets, set, setSecret, errorsFor, touch }: SectionProps) {
  const [test, setTest] = useState<Check | 'running' | null>(null)
  const testConnection = async () => {
    setTest('running')
    try {
      setTest(
        await call('settings.testWarehouse', {
          url: draft.warehouseUrl,
          ...(secrets.warehousePassword.value ? { password: secrets.warehousePassword.value } : {}),
          query: draft.warehouseQuery,
        }),
      )
    } catch (e) {
      setTest({ ok: false, detail: errorText(e) })
    }
  }
  return (
    <section className="card" aria-labelledby="warehouse-title">
      <h2 id="warehouse-title">Warehouse</h2>
      <Field
        id="warehouseUrl"
        label="Warehouse URL"
        help="postgres://… for PostgreSQL, redshift://… for Redshift. Leave empty to keep running the demo."
        errors={errorsFor('warehouseUrl')}
      >
        <div className="with-button">
          <input
            {...described('warehouseUrl', errorsFor('warehouseUrl'))}
            value={draft.warehouseUrl}
            placeholder="postgres://reader@warehouse.example.com:5432/analytics"
            spellCheck={false}
            onChange={(e) => {
              set({ warehouseUrl: e.target.value })
              setTest(null)
            }}
            onBlur={() => touch('warehouseUrl')}
          />
          <button
            type="button"
            onClick={testConnection}
            disabled={!draft.warehouseUrl.trim() || test === 'running'}
          >
            Test connection
          </button>
        </div>
        <CheckResult result={test} />
      </Field>
      <Field
        id="warehousePassword"
        label="Password"
        errors={errorsFor('warehousePassword')}
        help="Kept in your system keychain, never in a file."
      >
        <SecretInput
          id="warehousePassword"
          saved={view.secretsSaved.warehousePassword}
          state={secrets.warehousePassword}
          onChange={(s) => setSecret('warehousePassword', s)}
          errors={errorsFor('warehousePassword')}
        />
      </Field>
      <div className="two">
        <Field
          id="pollInterval"
          label="Check for new events every"
          help="e.g. 15s, 1m, 5m"
          errors={errorsFor('pollInterval')}
        >
          <input
            {...described('pollInterval', errorsFor('pollInterval'))}
            value={draft.pollInterval}
            spellCheck={false}
            onChange={(e) => set({ pollInterval: e.target.value })}
            onBlur={() => touch('pollInterval')}
          />
        </Field>
        <Field
          id="retention"
          label="Keep history for"
          help="e.g. 90d, 180d, 52w; 0 keeps everything"
          errors={errorsFor('retention')}
        >
          <input
            {...described('retention', errorsFor('retention'))}
            value={draft.retention}
            spellCheck={false}
            onChange={(e) => set({ retention: e.target.value })}
            onBlur={() => touch('retention')}
          />
        </Field>
      </div>
      <details className="advanced">
        <summary>Query</summary>
        <Field
          id="warehouseQuery"
          label="Query"
          help="Returns the enriched events with the contract’s columns (see warehouse/README.md)."
          errors={errorsFor('warehouseQuery')}
        >
          <textarea
            {...described('warehouseQuery', errorsFor('warehouseQuery'))}
            rows={3}
            spellCheck={false}
            value={draft.warehouseQuery}
            onChange={(e) => set({ warehouseQuery: e.target.value })}
            onBlur={() => touch('warehouseQuery')}
          />
        </Field>
      </details>
    </section>
  )
}
