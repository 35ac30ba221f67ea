// Salesforce sign-in as the desktop does it: PKCE in the "browser", a loopback redirect, the
// real jsforce OAuth2 client, refresh tokens; and the core's ownership source renewing an expired
// access token on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { salesforceOwnership } from '../../../main/core/wiring/ownershipSources.ts'
import { desktopSalesforceSignIn } from '../../../main/desktop/salesforce/desktopSignIn.ts'
import { SignInError } from '../../../main/desktop/salesforce/loopbackRedirect.ts'
import { oauthTokenSource } from '../../../main/desktop/salesforce/oauthTokenSource.ts'
import {
  type SalesforceOAuthSettings,
  signInWithPkce,
} from '../../../main/desktop/salesforce/salesforceOAuth.ts'
import { memorySecretVault } from '../../../main/desktop/service/secretVault.ts'
import { SalesforceStandIn } from '../../support/salesforceStandIn.ts'
import { accountsOwnedBy, standInUser } from '../../support/standInBook.ts'
import { browse, CLIENT_ID, OAuthStandIn } from '../support/oauthStandIn.ts'

const settings: SalesforceOAuthSettings = { clientId: CLIENT_ID, callbackPort: 0 }
let oauth: OAuthStandIn

beforeAll(async () => {
  oauth = new OAuthStandIn()
  await oauth.start()
})
afterAll(() => oauth.close())

describe('Salesforce sign-in with PKCE and a loopback redirect', () => {
  it('opens the authorize page, takes the code at 127.0.0.1/callback and trades it with the verifier', async () => {
    const opened: string[] = []
    const tokens = await signInWithPkce({
      settings,
      loginUrl: oauth.url,
      openBrowser: async (url) => {
        opened.push(url)
        await browse(url)
      },
    })
    const authorize = new URL(opened[0] as string)
    expect(authorize.pathname).toBe('/services/oauth2/authorize')
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{32}$/)
    expect(tokens.accessToken).toMatch(/^access-/)
    expect(tokens.refreshToken).toMatch(/^refresh-/)
    expect(oauth.requests.at(-1)).toMatchObject({ grant: 'authorization_code', verifierOk: true })
  })

  it('ignores a callback that does not carry our state, and fails on a refusal', async () => {
    await expect(
      signInWithPkce({
        settings,
        loginUrl: oauth.url,
        timeoutMs: 10_000,
        openBrowser: async (url) => {
          const redirect = new URL(url).searchParams.get('redirect_uri') as string
          const forged = await fetch(`${redirect}?code=stolen&state=not-ours`)
          expect(forged.status).toBe(400)
          oauth.denyNext = 'access_denied'
          await browse(url)
        },
      }),
    ).rejects.toThrow(/refused the sign-in: access_denied/)
  })

  it('gives up when the browser never comes back', async () => {
    await expect(
      signInWithPkce({ settings, loginUrl: oauth.url, timeoutMs: 200, openBrowser: async () => {} }),
    ).rejects.toThrow(/timed out/)
  })

  it('refuses to sign in over plain http except on loopback', async () => {
    await expect(
      signInWithPkce({ settings, loginUrl: 'http://acme.my.salesforce.com', openBrowser: async () => {} }),
    ).rejects.toBeInstanceOf(SignInError)
  })

  it('tells the settings service who signed in, from the identity URL', async () => {
    const signIn = desktopSalesforceSignIn({
      settings,
      openBrowser: browse,
      signedInInstanceUrl: () => oauth.url,
    })
    const session = await signIn.signIn(oauth.url)
    expect(session).toMatchObject({
      username: 'am@example.com',
      userId: '005000000000001AAA',
      instanceUrl: oauth.url,
    })
    await signIn.revoke?.({ accessToken: session.accessToken, refreshToken: session.refreshToken ?? null })
    expect(oauth.revoked).toEqual([session.refreshToken])
  })

  it('says plainly when the build has no Connected App', async () => {
    const signIn = desktopSalesforceSignIn({
      settings: null,
      openBrowser: browse,
      signedInInstanceUrl: () => null,
    })
    await expect(signIn.signIn(oauth.url)).rejects.toThrow(/MOMENTS_SALESFORCE_CLIENT_ID/)
  })
})

describe('an expired Salesforce session', () => {
  it('is renewed with the refresh token, saved, and the owned accounts are read with the new token', async () => {
    const owner = standInUser(1, 'Ada Manager')
    const data = new SalesforceStandIn({
      currentUser: owner,
      accounts: accountsOwnedBy(3, { OwnerId: owner }),
    })
    await data.start()
    try {
      oauth.onAccessToken = (token) => data.renewToken(token)
      const session = await signInWithPkce({ settings, loginUrl: oauth.url, openBrowser: browse })
      const vault = memorySecretVault({
        salesforceAccessToken: session.accessToken,
        salesforceRefreshToken: session.refreshToken ?? '',
      })
      const token = oauthTokenSource({ settings, vault, instanceUrl: oauth.url })
      const source = salesforceOwnership(
        {
          instanceUrl: data.url,
          accessToken: 'unused',
          ownerFields: ['OwnerId'],
          refresh: 600_000,
          userId: owner.id,
        },
        token,
      )
      expect((await source.fetch()).accounts).toHaveLength(3)

      data.expireToken()
      expect((await source.fetch()).accounts).toHaveLength(3)
      const renewed = await vault.get('salesforceAccessToken')
      expect(renewed).not.toBe(session.accessToken)
      expect(data.requests.filter((r) => r.status === 401)).toHaveLength(1)
      expect(data.requests.at(-1)?.bearer).toBe(renewed)
      expect(oauth.requests.filter((r) => r.grant === 'refresh_token')).toHaveLength(1)

      oauth.revokeRefreshTokens()
      data.expireToken()
      await expect(source.fetch()).rejects.toThrow(/sign in again/)
    } finally {
      oauth.onAccessToken = () => {}
      await data.close()
    }
  })
})
