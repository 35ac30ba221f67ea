// "Log to Salesforce" with the real jsforce client against the local Salesforce stand-in: the
// Task's fields, Salesforce's 201 and its refusals, an expired token renewed once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { accountContacts } from '../../../main/core/actions/accountContacts.ts'
import {
  fixedToken,
  logTask,
  type SalesforceAccess,
  withSalesforce,
} from '../../../main/core/actions/salesforceTask.ts'
import {
  SalesforceRefusedError,
  SalesforceSessionExpiredError,
  SalesforceUnavailableError,
} from '../../../main/core/ownership/salesforceErrors.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { accountsOwnedBy, salesforceId, standInUser } from '../../support/standInBook.ts'

const owner = standInUser(1, 'Avery Owner')
const [account] = accountsOwnedBy(1, { OwnerId: owner })
const NOW = Date.UTC(2026, 10, 26, 15, 30)

const moment = {
  id: 'a1b2c3d4e5f6a1b2c3d4e5f6',
  rule: 'input-add-failed',
  ruleName: 'Failed to add an input',
  accountId: account?.id as string,
  title: 'Failed to add an input — Account 1',
  body: 'Jo failed to add input MySQL in account Account 1',
  occurredAt: '2026-11-26T09:00:00.000Z',
  event: {
    event_id: 'ev-1',
    user_name: 'Jo',
    user_email: 'jo@example.com',
    input_name: 'MySQL',
    status_code: 500,
  },
}

let standIn: SalesforceStandIn
let access: SalesforceAccess

beforeEach(async () => {
  standIn = new SalesforceStandIn({ accounts: account ? [account] : [], currentUser: owner })
  await standIn.start()
  access = { instanceUrl: standIn.url, token: fixedToken(standIn.accessToken), timeoutMs: 2_000 }
})

afterEach(async () => {
  await standIn.close()
})

function creates() {
  return standIn.requests.filter((r) => r.kind === 'createTask')
}

describe('logging a moment to Salesforce as a Task', () => {
  it('creates a completed Task on the account, owned by the signed-in user, and answers its Id', async () => {
    const id = await logTask(access, moment, NOW)
    expect(id).toMatch(/^00T[a-zA-Z0-9]{15}$/)
    expect(standIn.tasks).toEqual([expect.objectContaining({ id })])
    const [request] = creates()
    expect(request?.path).toBe('/services/data/v62.0/sobjects/Task')
    expect(request?.status).toBe(201)
    const fields = request?.body as Record<string, string>
    expect(fields).toEqual({
      Subject: 'Failed to add an input',
      Description: expect.any(String),
      Status: 'Completed',
      ActivityDate: expect.stringMatching(/^2026-11-2[67]$/),
      WhatId: account?.id,
      OwnerId: owner.id,
    })
    expect(fields.Description).toContain('Jo failed to add input MySQL in account Account 1')
    expect(fields.Description).toContain('user_email: jo@example.com')
    expect(fields.Description).toContain('status_code: 500')
    expect(fields.Description).toContain(moment.id)
  })

  it('shows Salesforce’s reason when the user may not create Tasks, and creates nothing', async () => {
    standIn.taskPolicy.canCreate = false
    const error = await logTask(access, moment, NOW).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SalesforceRefusedError)
    expect(error).toMatchObject({
      status: 400,
      errors: [
        {
          errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
          message: 'insufficient access rights on object id',
          fields: [],
        },
      ],
    })
    expect((error as Error).message).toBe(
      'Salesforce refused it (HTTP 400): INSUFFICIENT_ACCESS_OR_READONLY: insufficient access rights on object id',
    )
    expect(standIn.tasks).toEqual([])
  })

  it('lists every reason of a save the org refuses: a required field and a validation rule', async () => {
    standIn.taskPolicy.required = ['Type']
    standIn.taskPolicy.validationRules = [
      {
        message: 'A logged activity needs a due date in the future',
        field: 'ActivityDate',
        breaks: () => true,
      },
    ]
    const error = await logTask(access, moment, NOW).catch((e: unknown) => e)
    expect(error).toMatchObject({
      status: 400,
      errors: [
        {
          errorCode: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [Type]',
          fields: ['Type'],
        },
        {
          errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: 'A logged activity needs a due date in the future',
          fields: ['ActivityDate'],
        },
      ],
    })
    expect((error as Error).message).toContain(
      'REQUIRED_FIELD_MISSING: Required fields are missing: [Type] (Type)',
    )
    expect((error as Error).message).toContain(
      'FIELD_CUSTOM_VALIDATION_EXCEPTION: A logged activity needs a due date',
    )
    expect(standIn.tasks).toEqual([])
  })

  it('shows a 403 INSUFFICIENT_ACCESS as the refusal it is', async () => {
    standIn.failNext(1, {
      status: 403,
      body: [{ message: 'You do not have access to Tasks', errorCode: 'INSUFFICIENT_ACCESS', fields: [] }],
      on: 'createTask',
    })
    await expect(logTask(access, moment, NOW)).rejects.toMatchObject({
      name: 'SalesforceRefusedError',
      status: 403,
      errors: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to Tasks' }],
    })
  })

  it('renews an expired access token once and creates exactly one Task with the new one', async () => {
    let refreshes = 0
    access.token = {
      current: async () => 'stand-in-access-token',
      refresh: async () => {
        refreshes++
        standIn.renewToken('renewed-token')
        return 'renewed-token'
      },
    }
    standIn.expireToken()
    const id = await logTask(access, moment, NOW)
    expect(refreshes).toBe(1)
    expect(standIn.tasks.map((t) => t.id)).toEqual([id])
    // The first request refused (userinfo answers an expired token with 403 Bad_OAuth_Token).
    expect(standIn.requests.filter((r) => r.status >= 400).map((r) => [r.kind, r.status])).toEqual([
      ['userinfo', 403],
    ])
    expect(creates().map((r) => r.bearer)).toEqual(['renewed-token'])
  })

  it('asks to sign in again when the token is refused and cannot be renewed', async () => {
    standIn.expireToken()
    await expect(logTask(access, moment, NOW)).rejects.toBeInstanceOf(SalesforceSessionExpiredError)
    expect(standIn.tasks).toEqual([])
  })

  it('gets a 401 on the create itself (the token expired after userinfo), renews and creates once', async () => {
    let refreshes = 0
    access.token = {
      current: async () => 'stand-in-access-token',
      refresh: async () => {
        refreshes++
        standIn.renewToken('renewed-token')
        return 'renewed-token'
      },
    }
    standIn.failNext(1, { status: 401, on: 'createTask' })
    await logTask(access, moment, NOW)
    expect(refreshes).toBe(1)
    expect(standIn.tasks).toHaveLength(1)
  })

  it('never sends a create twice by itself: a 503 or a timeout is reported, not retried', async () => {
    standIn.failNext(1, { status: 503, on: 'createTask' })
    await expect(logTask(access, moment, NOW)).rejects.toBeInstanceOf(SalesforceUnavailableError)
    expect(creates()).toHaveLength(1)
    standIn.failNext(1, { hang: true, on: 'createTask' })
    await expect(logTask(access, moment, NOW)).rejects.toThrow(/did not answer within 2000 ms/)
    expect(creates()).toHaveLength(2)
    expect(standIn.tasks).toEqual([])
  })

  it('fits hostile event text within Task’s limits, control characters removed', async () => {
    const huge = `${'x'.repeat(40_000)}\u0000\u001b[31m`
    const hostile = {
      ...moment,
      ruleName: `Rule\nwith a line break ${'é'.repeat(300)}`,
      body: `AT&T <b>bold</b> 😀 ${huge}`,
      event: { ...moment.event, notes: huge, name: '名前\r\n\u0007' },
    }
    const id = await logTask(access, hostile, NOW)
    const fields = standIn.tasks.find((t) => t.id === id)?.fields as { Subject: string; Description: string }
    expect(fields.Subject.length).toBeLessThanOrEqual(255)
    expect(fields.Subject).not.toContain('\n')
    expect(fields.Description.length).toBeLessThanOrEqual(32_000)
    expect(fields.Description).toContain('AT&T <b>bold</b> 😀')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
    expect(fields.Description).not.toMatch(/[\u0000\u0007\u001b]/)
  })
})

describe('the account’s contacts', () => {
  it('are read newest first, only those with an e-mail address, at most five', async () => {
    const accountId = account?.id as string
    standIn.contacts = [
      ...Array.from({ length: 7 }, (_, i) => ({
        id: salesforceId('001', 900 + i).replace(/^001/, '003'),
        accountId,
        name: `Contact ${i}`,
        email: `contact.${i}@example.com`,
        lastModified: `2026-11-0${i + 1}T00:00:00Z`,
      })),
      {
        id: '003000000000099AAA',
        accountId,
        name: 'No Mail',
        email: null,
        lastModified: '2026-12-01T00:00:00Z',
      },
      {
        id: '003000000000098AAA',
        accountId: '001000000000999AAA',
        name: 'Elsewhere',
        email: 'x@example.com',
        lastModified: '2026-12-01T00:00:00Z',
      },
    ]
    const contacts = await withSalesforce(access, (session) => accountContacts(session, accountId))
    expect(contacts.map((c) => c.email)).toEqual([6, 5, 4, 3, 2].map((i) => `contact.${i}@example.com`))
    expect(await withSalesforce(access, (session) => accountContacts(session, "x' OR Name != '"))).toEqual([])
  })
})
