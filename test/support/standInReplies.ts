/** What the Salesforce stand-in answers with: userinfo claims, Salesforce's error bodies, JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StandInUser } from './standInQuery.ts'

export const JSON_TYPE = 'application/json;charset=UTF-8'

/** OpenID Connect claims plus Salesforce's own `user_id` and `organization_id`. */
export function userInfoClaims(user: StandInUser, orgId: string, baseUrl: string) {
  const [givenName = '', ...family] = user.name.split(' ')
  return {
    sub: `https://login.salesforce.com/id/${orgId}/${user.id}`,
    user_id: user.id,
    organization_id: orgId,
    preferred_username: user.email,
    nickname: givenName.toLowerCase(),
    name: user.name,
    email: user.email,
    email_verified: true,
    given_name: givenName,
    family_name: family.join(' '),
    zoneinfo: 'Europe/Paris',
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 3600000,
    urls: {
      rest: `${baseUrl}/services/data/v{version}/`,
      query: `${baseUrl}/services/data/v{version}/query/`,
    },
    is_app_installed: true,
    updated_at: '2026-01-05T09:00:00Z',
  }
}

export function defaultFaultBody(status: number): unknown {
  if (status === 401) return [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]
  if (status === 429) return [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]
  if (status === 503) return [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]
  if (status >= 500) {
    return [
      {
        message:
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678 (-1)',
        errorCode: 'UNKNOWN_EXCEPTION',
      },
    ]
  }
  return [{ message: 'Bad request', errorCode: 'BAD_REQUEST' }]
}

/** JSON unless the body is a string; no body at all when it is undefined. */
export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    response.writeHead(status, headers).end()
    return
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': JSON_TYPE, ...headers }).end(text)
}

export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = ''
  for await (const chunk of request) text += chunk
  return text.trim() === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
}
