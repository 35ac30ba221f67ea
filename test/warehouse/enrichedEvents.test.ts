import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installWarehouseSchema, refreshAccountDomains } from '../../warehouse/synthetic/index.ts'
import { insertRows } from '../../warehouse/synthetic/insertRows.ts'
import { ENGINES, type WarehouseUnderTest } from './warehouseUnderTest.ts'

const ACME = '001000000000001AAA'
const GLOBEX = '001000000000002AAA'
const NOON = new Date('2025-03-12T12:00:00Z')
const at = (minutesFromNoon: number) => new Date(NOON.getTime() + minutesFromNoon * 60_000)
const HOUR = 60

function webRequest(id: string, minutes: number, fields: Record<string, unknown>) {
  return {
    event_id: id,
    loaded_at: at(minutes + 1),
    occurred_at: at(minutes),
    account_id: ACME,
    user_email: 'ada@acme.com',
    user_name: 'Ada Lovelace',
    method: 'GET',
    url: '/dashboard',
    status_code: 200,
    duration_ms: 120,
    input_name: null,
    feature: null,
    ...fields,
  }
}

function pageView(
  id: string,
  minutes: number,
  url: string,
  title: string,
  email = 'ada@acme.com',
  accountId: string | null = null,
) {
  return {
    event_id: id,
    loaded_at: at(minutes + 5),
    occurred_at: at(minutes),
    visitor_email: email,
    visitor_name: null,
    account_id: accountId,
    page_url: url,
    page_title: title,
    referrer: null,
  }
}

describe.each(ENGINES)('enriched_events on %s', (_engine, open) => {
  let warehouse: WarehouseUnderTest
  const query = async (sql: string, params: unknown[] = []) =>
    (await warehouse.client.query(sql, params)).rows

  beforeAll(async () => {
    warehouse = await open('enriched_events')
    const db = warehouse.client
    await installWarehouseSchema(db)
    await insertRows(db, 'accounts', [
      {
        id: ACME,
        loaded_at: at(-48 * HOUR),
        name: 'Acme Corp',
        owner_id: '005000000000001AAA',
        email_domain: 'acme.com',
      },
      {
        id: GLOBEX,
        loaded_at: at(-48 * HOUR),
        name: 'Globex',
        owner_id: '005000000000002AAA',
        email_domain: 'globex.com',
      },
    ])
    await refreshAccountDomains(db)
    await insertRows(db, 'systems_to_accounts', [
      { system_name: 'globex-prod', loaded_at: at(-48 * HOUR), account_id: GLOBEX },
    ])
    await insertRows(db, 'webserver_events', [
      webRequest('ws-failed-input', 0, {
        method: 'POST',
        url: '/plumbing/inputs',
        status_code: 422,
        input_name: 'MySQL',
      }),
      webRequest('ws-ok-input', 10, {
        method: 'POST',
        url: '/plumbing/inputs',
        status_code: 201,
        input_name: 'MySQL',
      }),
      webRequest('ws-timeout-input', 20, {
        method: 'POST',
        url: '/plumbing/inputs',
        status_code: null,
        input_name: 'Stripe',
      }),
      webRequest('ws-code', 30, { method: 'POST', url: '/transform/functions/run' }),
      webRequest('ws-feature', 40, { method: 'POST', url: '/flows/run', feature: 'Flows' }),
      webRequest('ws-plain', 50, {}),
      webRequest('ws-no-account', 60, { account_id: null }),
    ])
    await insertRows(db, 'website_events', [
      pageView('web-docs-2h', -2 * HOUR, '/docs/inputs/adding-inputs', 'Docs: Adding inputs'),
      pageView('web-docs-23h', -23 * HOUR, '/docs/inputs/troubleshooting', 'Docs: Troubleshooting inputs'),
      pageView('web-docs-again', -90, '/docs/inputs/adding-inputs', 'Docs: Adding inputs'),
      pageView('web-docs-25h', -25 * HOUR, '/docs/getting-started', 'Docs: Getting started'),
      pageView('web-docs-after', 5, '/docs/flows', 'Docs: Flows'),
      pageView('web-pricing', -HOUR, '/pricing', 'Pricing'),
      pageView('web-docs-other-user', -HOUR, '/docs/code-engine', 'Docs: Code Engine', 'bob@acme.com'),
      pageView('web-identified', -HOUR, '/pricing', 'Pricing', 'carol@freemail.org', GLOBEX),
      pageView('web-anonymous', -HOUR, '/pricing', 'Pricing', 'dave@gmail.com'),
    ])
    await insertRows(db, 'backend_logs', [
      {
        event_id: 'be-loaded',
        loaded_at: at(3),
        occurred_at: at(1),
        system_name: 'globex-prod',
        event_kind: 'events_loaded',
        output_name: 'Snowflake',
        table_name: 'out.c-sales.daily_revenue',
        rows_loaded: 1200,
        message: 'Loaded 1,200 rows',
      },
      {
        event_id: 'be-unmapped',
        loaded_at: at(4),
        occurred_at: at(2),
        system_name: 'legacy-x',
        event_kind: 'table_created',
        output_name: null,
        table_name: 'in.c-shop.orders',
        rows_loaded: null,
        message: null,
      },
    ])
    await insertRows(db, 'zabbix_alerts', [
      {
        event_id: 'zbx-1',
        loaded_at: at(6),
        occurred_at: at(5),
        host: 'ingest-01',
        system_name: 'globex-prod',
        alert_type: 'connection_interrupted',
        severity: 'high',
        input_name: 'MySQL',
        description: 'Connection lost',
      },
    ])
  })

  afterAll(async () => {
    await warehouse?.close()
  })

  it('returns the contract columns with the contract types, then the pass-through fields', async () => {
    const columns = await query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'enriched_events' ORDER BY ordinal_position`,
    )
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]))
    expect(columns.slice(0, 7).map((c) => c.column_name)).toEqual([
      'event_id',
      'loaded_at',
      'occurred_at',
      'source',
      'event_type',
      'account_id',
      'account_name',
    ])
    expect(types).toMatchObject({
      event_id: 'text',
      loaded_at: 'timestamp with time zone',
      occurred_at: 'timestamp with time zone',
      source: 'text',
      event_type: 'text',
      account_id: 'text',
      account_name: 'text',
      user_name: 'text',
      user_email: 'text',
      method: 'text',
      url: 'text',
      status_code: 'integer',
      is_response_ok: 'boolean',
      input_name: 'text',
      feature: 'text',
      pages_visited: 'text',
      severity: 'text',
      system_name: 'text',
      rows_loaded: 'integer',
    })
  })

  it('names the event type of each web request', async () => {
    const rows = await query(
      `SELECT event_id, event_type, is_response_ok FROM enriched_events WHERE source = 'webserver' ORDER BY event_id`,
    )
    expect(rows).toEqual([
      { event_id: 'ws-code', event_type: 'code_engine_run', is_response_ok: true },
      { event_id: 'ws-failed-input', event_type: 'add_input', is_response_ok: false },
      { event_id: 'ws-feature', event_type: 'feature_used', is_response_ok: true },
      { event_id: 'ws-no-account', event_type: 'request', is_response_ok: true },
      { event_id: 'ws-ok-input', event_type: 'add_input', is_response_ok: true },
      { event_id: 'ws-plain', event_type: 'request', is_response_ok: true },
      { event_id: 'ws-timeout-input', event_type: 'add_input', is_response_ok: false },
    ])
  })

  it('gives backend logs and alerts the account of their system, NULL for an unmapped system', async () => {
    const rows = await query(
      `SELECT event_id, source, event_type, account_id, account_name, system_name FROM enriched_events
       WHERE source IN ('backend', 'monitoring') ORDER BY event_id`,
    )
    expect(rows).toEqual([
      {
        event_id: 'be-loaded',
        source: 'backend',
        event_type: 'events_loaded',
        account_id: GLOBEX,
        account_name: 'Globex',
        system_name: 'globex-prod',
      },
      {
        event_id: 'be-unmapped',
        source: 'backend',
        event_type: 'table_created',
        account_id: null,
        account_name: null,
        system_name: 'legacy-x',
      },
      {
        event_id: 'zbx-1',
        source: 'monitoring',
        event_type: 'connection_interrupted',
        account_id: GLOBEX,
        account_name: 'Globex',
        system_name: 'globex-prod',
      },
    ])
  })

  it('lists on a failed add_input the documentation pages its user read in the day before, once each', async () => {
    const [failed] = await query(
      `SELECT pages_visited FROM enriched_events WHERE event_id = 'ws-failed-input'`,
    )
    // Not the page read 25 h before, not one read afterwards, not pricing, not another user's.
    expect(failed.pages_visited).toBe('Docs: Adding inputs, Docs: Troubleshooting inputs')
  })

  it('lists pages on a request without a response, and none on a successful one', async () => {
    const rows = await query(
      `SELECT event_id, pages_visited FROM enriched_events WHERE event_id IN ('ws-ok-input', 'ws-timeout-input', 'ws-plain') ORDER BY event_id`,
    )
    expect(rows).toEqual([
      { event_id: 'ws-ok-input', pages_visited: null },
      { event_id: 'ws-plain', pages_visited: null },
      {
        event_id: 'ws-timeout-input',
        pages_visited: 'Docs: Adding inputs, Docs: Flows, Docs: Troubleshooting inputs',
      },
    ])
  })

  it('attributes page views to the identified account, else by e-mail domain, else none', async () => {
    const rows = await query(
      `SELECT event_id, event_type, account_id, account_name FROM enriched_events
       WHERE event_id IN ('web-pricing', 'web-identified', 'web-anonymous') ORDER BY event_id`,
    )
    expect(rows).toEqual([
      { event_id: 'web-anonymous', event_type: 'page_view', account_id: null, account_name: null },
      { event_id: 'web-identified', event_type: 'page_view', account_id: GLOBEX, account_name: 'Globex' },
      { event_id: 'web-pricing', event_type: 'page_view', account_id: ACME, account_name: 'Acme Corp' },
    ])
  })

  it('pages through the poll keyset without losing or repeating a row', async () => {
    const all = await query(
      `SELECT event_id, loaded_at FROM enriched_events WHERE account_id IN ($1, $2) ORDER BY loaded_at, event_id`,
      [ACME, GLOBEX],
    )
    const seen: string[] = []
    let cursor: [Date, string] = [new Date(0), '']
    for (;;) {
      const page = await query(
        `SELECT * FROM enriched_events
         WHERE (loaded_at > $1 OR (loaded_at = $1 AND event_id > $2)) AND account_id IN ($3, $4)
         ORDER BY loaded_at, event_id LIMIT 3`,
        [...cursor, ACME, GLOBEX],
      )
      if (page.length === 0) break
      seen.push(...page.map((r) => r.event_id))
      const last = page.at(-1)
      cursor = [last.loaded_at, last.event_id]
    }
    expect(seen).toEqual(all.map((r) => r.event_id))
    expect(seen).not.toContain('ws-no-account')
  })
})
