import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  ActionUnavailableError,
  MomentNotFoundError,
  momentActions,
} from '../../../main/core/actions/momentActions.ts'
import { fixedToken, type SalesforceAccess } from '../../../main/core/actions/salesforceTask.ts'
import { recordBatch } from '../../../main/core/pipeline/recordBatch.ts'
import { loadRules } from '../../../main/core/rules/loadRules.ts'
import type { Store } from '../../../main/core/store/store.ts'
import { batchContext, memoryStore, OWNED_ID, warehouseRow } from '../../support/pipelineFixtures.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { standInUser } from '../../support/standInBook.ts'

const RULES = loadRules({ kind: 'default' })
const owner = standInUser(1, 'Avery Owner')
const NOW = Date.UTC(2026, 10, 26, 12, 0)

let store: Store
let standIn: SalesforceStandIn
let salesforce: SalesforceAccess | null
let opened: string[]

/** A failed input add by Jo (with an e-mail address), and a backend load (with none). */
function recordMoments(): { failed: string; loaded: string } {
  const failedAdd = warehouseRow('e1', 0, {
    method: 'POST',
    url: '/plumbing/inputs',
    event_type: 'add_input',
    is_response_ok: false,
    input_name: 'Google Analytics',
    user_email: 'jo@acme.example',
    pages_visited: null,
  })
  const loaded = warehouseRow('e2', 1, {
    source: 'backend',
    event_type: 'events_loaded',
    output_name: 'Snowflake',
    system_name: 'prod',
    user_name: null,
    user_email: null,
    method: null,
    url: null,
  })
  recordBatch([failedAdd, loaded], batchContext(store, { rules: RULES, now: NOW }))
  const id = (rule: string) => store.moments.list({ ruleId: rule })[0]?.id as string
  return { failed: id('input-add-failed'), loaded: id('events-loaded') }
}

function actions(overrides: { openMailto?: (url: string) => Promise<void> } = {}) {
  return momentActions({
    store: () => store,
    rules: () => RULES,
    salesforce: () => salesforce,
    openMailto: async (url) => {
      opened.push(url)
    },
    clock: () => NOW + 5 * 60_000,
    ...overrides,
  })
}

beforeEach(async () => {
  store = memoryStore()
  standIn = new SalesforceStandIn({
    accounts: [{ id: OWNED_ID, name: 'Acme Corp', people: { OwnerId: owner } }],
    currentUser: owner,
    contacts: [
      {
        id: '003000000000001AAA',
        accountId: OWNED_ID,
        name: 'Ann Admin',
        email: 'ann@acme.example',
        lastModified: '2026-11-01T00:00:00Z',
      },
    ],
  })
  await standIn.start()
  salesforce = { instanceUrl: standIn.url, token: fixedToken(standIn.accessToken), timeoutMs: 2_000 }
  opened = []
})

afterEach(async () => {
  await standIn.close()
  store.close()
})

describe('acting on a moment', () => {
  it('reaches out to the event’s user: the draft goes to the mail client, the action is recorded, the moment read', async () => {
    const { failed } = recordMoments()
    const outcome = await actions().act(failed, 'email')
    expect(opened).toEqual([outcome.mailto?.url])
    expect(outcome.mailto).toMatchObject({ to: ['jo@acme.example'], recipients: 'event', cut: false })
    expect(outcome.mailto?.url).toMatch(/^mailto:jo@acme\.example\?subject=Adding%20Google%20Analytics&body=/)
    expect(decodeURIComponent(outcome.mailto?.url ?? '')).toContain(
      'https://docs.example.com/inputs/google-analytics',
    )
    expect(store.actions.of(failed)).toEqual([
      { kind: 'email', at: new Date(NOW + 300_000).toISOString(), ref: null },
    ])
    expect(store.moments.get(failed)?.readAt).not.toBeNull()
    expect(standIn.requests).toEqual([])
  })

  it('drafts to the account’s contacts from Salesforce when the event names nobody', async () => {
    const { loaded } = recordMoments()
    const outcome = await actions().act(loaded, 'email')
    expect(outcome.mailto).toMatchObject({ to: ['ann@acme.example'], recipients: 'contacts' })
    salesforce = null
    const demo = await actions().act(loaded, 'email')
    expect(demo.mailto).toMatchObject({ to: [], recipients: 'none' })
    expect(demo.mailto?.url).toMatch(/^mailto:\?subject=/)
    expect(store.actions.of(loaded).map((a) => a.kind)).toEqual(['email', 'email'])
  })

  it('records nothing when the mail client could not be opened', async () => {
    const { failed } = recordMoments()
    const act = actions({ openMailto: () => Promise.reject(new Error('no mail client')) })
    await expect(act.act(failed, 'email')).rejects.toThrow('no mail client')
    expect(store.actions.of(failed)).toEqual([])
    expect(store.moments.get(failed)?.readAt).toBeNull()
  })

  it('logs to Salesforce once: the Task Id is the action’s ref; again, or twice at once, nothing new', async () => {
    const { failed } = recordMoments()
    const act = actions()
    const [first, second] = await Promise.all([act.act(failed, 'log'), act.act(failed, 'log')])
    expect(first.action.ref).toMatch(/^00T/)
    expect(second.action).toEqual(first.action)
    const again = await act.act(failed, 'log')
    expect(again).toEqual({ action: first.action, already: true })
    expect(standIn.tasks.map((t) => t.id)).toEqual([first.action.ref])
    expect(store.actions.of(failed)).toEqual([first.action])
    expect(store.moments.get(failed)?.readAt).not.toBeNull()
  })

  it('leaves the moment unlogged and unread when Salesforce refuses the Task', async () => {
    const { failed } = recordMoments()
    standIn.taskPolicy.validationRules = [{ message: 'Tasks need a Type', whenEmpty: 'Type' }]
    await expect(actions().act(failed, 'log')).rejects.toThrow(
      'Salesforce refused it (HTTP 400): FIELD_CUSTOM_VALIDATION_EXCEPTION: Tasks need a Type',
    )
    expect(store.actions.of(failed)).toEqual([])
    expect(store.moments.get(failed)?.readAt).toBeNull()
    expect(store.moments.count({ notActed: true })).toBe(2)
  })

  it('says so when there is no Salesforce to log to', async () => {
    const { failed } = recordMoments()
    salesforce = null
    await expect(actions().act(failed, 'log')).rejects.toBeInstanceOf(ActionUnavailableError)
  })

  it('marks a moment done or not useful once', async () => {
    const { failed, loaded } = recordMoments()
    const act = actions()
    expect((await act.act(failed, 'done')).already).toBe(false)
    expect((await act.act(failed, 'done')).already).toBe(true)
    expect((await act.act(loaded, 'noise')).action.kind).toBe('noise')
    expect(store.actions.of(failed).map((a) => a.kind)).toEqual(['done'])
    expect(store.moments.count({ notActed: true })).toBe(0)
    await expect(act.act('nope', 'done')).rejects.toBeInstanceOf(MomentNotFoundError)
  })
})
