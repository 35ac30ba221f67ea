/**
 * Who the access token belongs to, from the OpenID Connect UserInfo endpoint
 * (`GET /services/oauth2/userinfo` on the instance, token in the Authorization header), whose
 * answer carries Salesforce's own `user_id` beside the standard claims.
 * Not jsforce's `identity()`: it first needs the REST root to learn the identity URL, then sends the
 * token as `oauth_token=` in that URL's query string, where proxies, logs and error messages keep it.
 */
import { unexpectedAnswer } from './salesforceFailure.ts'
import { isSalesforceId, toCaseSafeId } from './salesforceId.ts'
import type { SalesforceSession } from './salesforceSession.ts'

export async function currentUserId(session: SalesforceSession): Promise<string> {
  const userInfo = await session.get<unknown>('/services/oauth2/userinfo')
  const userId = (userInfo as { user_id?: unknown } | null)?.user_id
  if (typeof userId !== 'string' || !isSalesforceId(userId)) {
    throw unexpectedAnswer('a userinfo answer without a user_id')
  }
  return toCaseSafeId(userId)
}
