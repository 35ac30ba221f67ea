import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fetchOwnedAccounts } from '../../../main/core/ownership/salesforceOwnership.ts'
import { ConnectProxy } from '../../support/connectProxy.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { accountsOwnedBy, standInUser } from '../../support/standInBook.ts'

// The real jsforce client, its https-proxy-agent and a CONNECT proxy on 127.0.0.1. The stand-in is
// plain http on loopback, so http_proxy is the variable that applies to it (https_proxy to an org).

const alice = standInUser(1, 'Alice Martin')
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']

let standIn: SalesforceStandIn
let proxy: ConnectProxy
let proxyUrl: string
let saved: Record<string, string | undefined>

beforeEach(async () => {
  saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]))
  for (const name of PROXY_VARIABLES) delete process.env[name]
  standIn = new SalesforceStandIn({ currentUser: alice, accounts: accountsOwnedBy(2, { OwnerId: alice }) })
  await standIn.start()
  proxy = new ConnectProxy()
  proxyUrl = (await proxy.start()).url
})

afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await standIn.close()
  await proxy.close()
})

const read = () =>
  fetchOwnedAccounts({
    instanceUrl: standIn.url,
    accessToken: standIn.accessToken,
    userId: alice.id,
    ownerFields: ['OwnerId'],
    retries: 0,
    timeoutMs: 5_000,
  })

const standInHost = () => new URL(standIn.url).host

describe('Salesforce behind a corporate proxy', () => {
  it('goes through the proxy the environment names', async () => {
    process.env.HTTP_PROXY = proxyUrl
    process.env.HTTPS_PROXY = proxyUrl

    const snapshot = await read()

    expect(snapshot.accounts).toHaveLength(2)
    expect(proxy.connects).toEqual([standInHost()])
  })

  it('goes straight to a host NO_PROXY names, even one the proxy cannot reach', async () => {
    process.env.HTTP_PROXY = proxyUrl
    process.env.HTTPS_PROXY = proxyUrl
    process.env.NO_PROXY = 'localhost,127.0.0.1,.internal.example.com'
    proxy.refuse('127.0.0.1')

    const snapshot = await read()

    expect(snapshot.accounts).toHaveLength(2)
    expect(proxy.connects).toEqual([])
  })

  it('reads no_proxy in lower case, and a host with its port', async () => {
    process.env.http_proxy = proxyUrl
    process.env.no_proxy = standInHost()

    await read()

    expect(proxy.connects).toEqual([])
  })

  it('still uses the proxy for hosts NO_PROXY does not name', async () => {
    process.env.HTTP_PROXY = proxyUrl
    process.env.NO_PROXY = 'salesforce.internal.example.com'

    await read()

    expect(proxy.connects).toEqual([standInHost()])
  })

  it('names the proxy when a refusal came through it', async () => {
    process.env.HTTP_PROXY = proxyUrl
    proxy.refuse('127.0.0.1')

    const error = await read().catch((caught: unknown) => caught)

    expect(String(error)).toContain(
      `HTTP 403, through the proxy ${new URL(proxyUrl).host}: the proxy may have refused the host (check https_proxy and NO_PROXY)`,
    )
    expect(proxy.connects).toEqual([standInHost()])
  })
})
