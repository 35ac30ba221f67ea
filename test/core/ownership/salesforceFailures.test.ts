import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import {
  fetchOwnedAccounts,
  type OwnedAccountsOptions,
  SalesforceQueryError,
  SalesforceSessionExpiredError,
  SalesforceUnavailableError,
} from '../../../main/core/ownership/salesforceOwnership.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { accountsOwnedBy, standInUser } from '../../support/standInBook.ts'

const alice = standInUser(1, 'Alice Martin')
const TOKEN = '00D000000000001!AQ4AQFsx.secret-token-value'

let standIn: SalesforceStandIn | undefined

afterEach(async () => {
  await standIn?.close()
  standIn = undefined
})

async function salesforce(pageSize = 2000): Promise<SalesforceStandIn> {
  standIn = new SalesforceStandIn({
    accessToken: TOKEN,
    currentUser: alice,
    pageSize,
    accounts: accountsOwnedBy(3, { OwnerId: alice }),
  })
  await standIn.start()
  return standIn
}

function settings(
  target: SalesforceStandIn,
  extra: Partial<OwnedAccountsOptions> = {},
): OwnedAccountsOptions {
  return {
    instanceUrl: target.url,
    accessToken: TOKEN,
    userId: alice.id,
    ownerFields: ['OwnerId'],
    retries: 2,
    retryBaseDelayMs: 10,
    timeoutMs: 1_000,
    ...extra,
  }
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: Error) => error,
  )
  if (outcome === undefined) throw new Error('expected the fetch to fail')
  return outcome
}

describe('an expired session', () => {
  it('fails at once with a message that says to sign in again', async () => {
    const target = await salesforce()
    target.expireToken()

    const error = await failure(fetchOwnedAccounts(settings(target)))

    expect(error).toBeInstanceOf(SalesforceSessionExpiredError)
    expect(error.message).toBe('Salesforce session expired: sign in again or renew the access token')
    expect(target.requests.map((request) => request.status)).toEqual([401])
  })

  it('is recognised on userinfo too, which answers 403 Bad_OAuth_Token', async () => {
    const target = await salesforce()
    target.expireToken()

    const error = await failure(fetchOwnedAccounts(settings(target, { userId: undefined })))

    expect(error).toBeInstanceOf(SalesforceSessionExpiredError)
    expect(target.requests.map((request) => [request.kind, request.status])).toEqual([['userinfo', 403]])
  })
})

describe('a busy or failing Salesforce', () => {
  it('waits as long as a 429 Retry-After asks, then reads the accounts', async () => {
    const target = await salesforce()
    target.failNext(1, { status: 429, retryAfterSeconds: 1 })
    const started = performance.now()

    const snapshot = await fetchOwnedAccounts(settings(target))

    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000)
    expect(snapshot.accounts).toHaveLength(3)
    expect(target.requests.map((request) => request.status)).toEqual([429, 200])
  })

  it('gets through two 500s in a row', async () => {
    const target = await salesforce()
    target.failNext(2, { status: 500 })

    const snapshot = await fetchOwnedAccounts(settings(target))

    expect(snapshot.accounts).toHaveLength(3)
    expect(target.requests.map((request) => request.status)).toEqual([500, 500, 200])
  })

  it('retries only the page that failed, not the pages already read', async () => {
    const target = await salesforce(2)
    target.failNext(1, { status: 503, on: 'queryMore' })

    const snapshot = await fetchOwnedAccounts(settings(target))

    expect(snapshot.accounts).toHaveLength(3)
    expect(target.requests.map((request) => [request.kind, request.status])).toEqual([
      ['query', 200],
      ['queryMore', 503],
      ['queryMore', 200],
    ])
  })

  it('gives up after the bounded retries when every answer is a 500', async () => {
    const target = await salesforce()
    target.failNext(1_000, { status: 500 })

    const error = await failure(fetchOwnedAccounts(settings(target, { retries: 2 })))

    expect(error).toBeInstanceOf(SalesforceUnavailableError)
    expect(error.message).toMatch(
      /^Salesforce is unavailable \(HTTP 500 UNKNOWN_EXCEPTION: .*\); gave up after 3 attempts$/,
    )
    expect((error as SalesforceUnavailableError).status).toBe(500)
    expect(target.requests).toHaveLength(3)
  })

  it('does not wait for a Retry-After longer than it accepts', async () => {
    const target = await salesforce()
    target.failNext(1, { status: 429, retryAfterSeconds: 3_600 })

    const error = await failure(fetchOwnedAccounts(settings(target, { maxRetryAfterMs: 5_000 })))

    expect(error).toBeInstanceOf(SalesforceUnavailableError)
    expect(error.message).toContain('it asks to retry after 3600 s')
    expect(target.requests).toHaveLength(1)
  })

  it('retries after the connection drops', async () => {
    const target = await salesforce()
    target.failNext(1, { dropConnection: true })

    const snapshot = await fetchOwnedAccounts(settings(target))

    expect(snapshot.accounts).toHaveLength(3)
  })

  it('does not follow a redirect, which would carry the token elsewhere', async () => {
    const target = await salesforce()
    target.failNext(1, {
      status: 302,
      headers: { Location: 'https://elsewhere.example/services/oauth2/userinfo' },
      body: '',
    })

    const error = await failure(fetchOwnedAccounts(settings(target)))

    expect(error).toBeInstanceOf(SalesforceUnavailableError)
    expect(error.message).toMatch(/^Salesforce answered with a redirect \(HTTP 302\)/)
    expect(target.requests).toHaveLength(1)
  })

  it('says Salesforce could not be reached when nothing listens', async () => {
    const target = await salesforce()
    const url = target.url
    await target.close()

    const error = await failure(fetchOwnedAccounts(settings(target, { instanceUrl: url, retries: 1 })))

    expect(error).toBeInstanceOf(SalesforceUnavailableError)
    expect(error.message).toBe('Salesforce could not be reached (ECONNREFUSED); gave up after 2 attempts')
  })
})

describe('a slow Salesforce', () => {
  it('times out an answer that does not come', async () => {
    const target = await salesforce()
    target.failNext(1, { hang: true })
    const started = performance.now()

    const error = await failure(fetchOwnedAccounts(settings(target, { timeoutMs: 200, retries: 0 })))

    expect(error).toBeInstanceOf(SalesforceUnavailableError)
    expect(error.message).toBe('Salesforce did not answer within 200 ms')
    // The stand-in never answers: any bound well short of the test's own timeout proves the
    // timeout fired; a tighter one would only measure the machine's load.
    expect(performance.now() - started).toBeLessThan(10_000)
  })

  it('times out a body that stalls after the headers', async () => {
    const target = await salesforce()
    target.failNext(1, { bodyDelayMs: 5_000 })

    const error = await failure(fetchOwnedAccounts(settings(target, { timeoutMs: 200, retries: 0 })))

    expect(error.message).toBe('Salesforce did not answer within 200 ms')
  })

  it('tries again after a timeout and gets the accounts', async () => {
    const target = await salesforce()
    target.slowNext(1, 500)

    const snapshot = await fetchOwnedAccounts(settings(target, { timeoutMs: 200, retries: 1 }))

    expect(snapshot.accounts).toHaveLength(3)
  })

  it('stops waiting when the caller aborts', async () => {
    const target = await salesforce()
    target.failNext(1_000, { status: 500 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('shutting down')), 100)

    const error = await failure(
      fetchOwnedAccounts(
        settings(target, { retries: 10, retryBaseDelayMs: 5_000, signal: controller.signal }),
      ),
    )

    expect(error.message).toBe('shutting down')
  })

  it('stops waiting out a Retry-After when the caller aborts', async () => {
    const target = await salesforce()
    target.failNext(1, { status: 429, retryAfterSeconds: 30 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('shutting down')), 100)

    const error = await failure(fetchOwnedAccounts(settings(target, { signal: controller.signal })))

    expect(error.message).toBe('shutting down')
  })
})

describe('a query Salesforce refuses', () => {
  it('names the misspelt owner field', async () => {
    const target = await salesforce()

    const error = await failure(
      fetchOwnedAccounts(settings(target, { ownerFields: ['OwnerId', 'Solution_Engineer__c'] })),
    )

    expect(error).toBeInstanceOf(SalesforceQueryError)
    expect((error as SalesforceQueryError).field).toBe('Solution_Engineer__c')
    expect((error as SalesforceQueryError).errorCode).toBe('INVALID_FIELD')
    expect(error.message).toBe(
      'Salesforce does not know the Account field Solution_Engineer__c (HTTP 400 INVALID_FIELD: ' +
        "No such column 'Solution_Engineer__c' on entity 'Account'): check salesforce.ownerFields",
    )
    expect(target.requests).toHaveLength(1)
  })
})

describe('the access token', () => {
  it('never appears in an error, its message or its causes', async () => {
    const target = await salesforce()
    const scenarios: Array<[string, () => void, Partial<OwnedAccountsOptions>]> = [
      ['expired', () => target.expireToken(), {}],
      ['expired on userinfo', () => target.expireToken(), { userId: undefined }],
      ['500', () => target.failNext(10, { status: 500 }), {}],
      ['timeout', () => target.failNext(10, { hang: true }), { timeoutMs: 100 }],
      ['dropped', () => target.failNext(10, { dropConnection: true }), {}],
      ['bad field', () => {}, { ownerFields: ['Nope__c'] }],
    ]
    for (const [name, arrange, extra] of scenarios) {
      target.renewToken()
      arrange()
      const error = await failure(fetchOwnedAccounts(settings(target, { retries: 1, ...extra })))
      expect(`${name}: ${inspect(error, { depth: 10 })}`).not.toContain(TOKEN)
      expect(`${name}: ${JSON.stringify(error)}`).not.toContain(TOKEN)
    }
  })
})
