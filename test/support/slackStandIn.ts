/**
 * A local stand-in for Slack, for tests that drive the real `@slack/web-api` and `@slack/webhook`
 * clients. It listens on 127.0.0.1 (port 0) and answers as Slack does:
 *
 * - `POST /api/chat.postMessage` (form-encoded, `blocks` as JSON text) → `{ ok, channel, ts, message }`;
 *   an unknown channel → `{"ok":false,"error":"channel_not_found"}` with HTTP 200, as Slack does;
 * - `POST /api/users.lookupByEmail` → `{ ok, user: { id, name, profile: { email } } }` or `users_not_found`;
 * - `POST /api/auth.test` → `{ ok, url, team, user, team_id, user_id, bot_id }`, scopes in `x-oauth-scopes`;
 * - `POST /services/T…/B…/…` (an incoming webhook, JSON) → `200 ok` as text.
 *
 * The Web API checks `Authorization: Bearer <botToken>` (`invalid_auth` otherwise). Faults are
 * programmable: `failNext` (status, body, Retry-After, delay, hang, dropped connection),
 * `rateLimitFor` (a 429 storm), `revokeToken`. Every request is recorded with its time.
 *
 *   const slack = new SlackStandIn({ channels: { moments: 'C0MOMENTS' } })
 *   const { apiUrl, webhookUrl } = await slack.start()
 *   slack.failNext(1, { status: 429, retryAfterSeconds: 1 })
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { stopServer } from './stopServer.ts'

export type SlackRequestKind = 'postMessage' | 'webhook' | 'lookupByEmail' | 'authTest' | 'other'

export interface SlackFault {
  /** Answer with this HTTP status (default 200 when only `body` is set, else 500) */
  status?: number
  /** JSON-encoded unless a string, e.g. `{ ok: false, error: 'invalid_auth' }` */
  body?: unknown
  retryAfterSeconds?: number
  /** Wait this long, then answer (normally when nothing else is set) */
  delayMs?: number
  /** Never answer: the client must give up by itself */
  hang?: boolean
  /** Destroy the socket: a network error on the client */
  dropConnection?: boolean
  /** Only requests of this kind take the fault; default: postMessage and webhook */
  on?: SlackRequestKind
}

export interface SlackStandInUser {
  id: string
  name: string
  email: string
}

export interface PostedMessage {
  via: 'bot' | 'webhook'
  /** The channel as sent (bot), or `webhook` */
  channel: string
  text: string
  blocks: Array<Record<string, unknown>>
  ts: string
  /** Date.now() when accepted */
  at: number
}

export interface RecordedSlackRequest {
  kind: SlackRequestKind
  status: number
  /** `error` of an `ok: false` answer */
  error?: string
  at: number
}

export interface SlackStandInOptions {
  botToken?: string
  /** Channels by name (without #) → Id */
  channels?: Record<string, string>
  users?: SlackStandInUser[]
  scopes?: string[]
}

const WEBHOOK_PATH = '/services/T0STANDIN/B0STANDIN/standInWebhookSecret'
const JSON_TYPE = 'application/json; charset=utf-8'

export class SlackStandIn {
  botToken: string
  channels: Record<string, string>
  users: SlackStandInUser[]
  scopes: string[]
  /** Channels (name or Id) the bot is not a member of: `not_in_channel` */
  readonly notIn = new Set<string>()
  readonly messages: PostedMessage[] = []
  readonly requests: RecordedSlackRequest[] = []
  private faults: Array<{ remaining: number; fault: SlackFault }> = []
  private rateLimitedUntil = 0
  private stormRetryAfter = 1
  private tokenValid = true
  private serial = 0
  private readonly timers = new Set<NodeJS.Timeout>()
  private server: Server | undefined
  private baseUrl = ''

  constructor(options: SlackStandInOptions = {}) {
    this.botToken = options.botToken ?? 'xoxb-1111-2222-standintoken'
    this.channels = options.channels ?? { moments: 'C0MOMENTS' }
    this.users = options.users ?? []
    this.scopes = options.scopes ?? ['chat:write', 'users:read', 'users:read.email']
  }

  async start(): Promise<{ url: string; apiUrl: string; webhookUrl: string }> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => {
        if (!response.headersSent) response.writeHead(500).end(error.message)
      })
    })
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return { url: this.baseUrl, apiUrl: this.apiUrl, webhookUrl: this.webhookUrl }
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`
  }

  get webhookUrl(): string {
    return `${this.baseUrl}${WEBHOOK_PATH}`
  }

  async close(): Promise<void> {
    const server = this.server
    this.server = undefined
    await stopServer(server, this.timers)
  }

  /** The next `count` requests (of `fault.on`'s kind; default: posts) take the fault. */
  failNext(count: number, fault: SlackFault = { status: 500 }): this {
    this.faults.push({ remaining: count, fault })
    return this
  }

  /** Every post is answered 429 with Retry-After until `ms` from now: a rate-limit storm. */
  rateLimitFor(ms: number, retryAfterSeconds = 1): this {
    this.rateLimitedUntil = Date.now() + ms
    this.stormRetryAfter = retryAfterSeconds
    return this
  }

  /** From now on the bot token is refused (`invalid_auth`). */
  revokeToken(): this {
    this.tokenValid = false
    return this
  }

  /** Texts of the accepted messages' sections, in order: what a reader sees. */
  sectionTexts(): string[] {
    return this.messages.map((m) => {
      const section = m.blocks.find((b) => b.type === 'section') as { text?: { text?: string } } | undefined
      return section?.text?.text ?? ''
    })
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in')
    const kind = kindOf(url.pathname)
    const recorded: RecordedSlackRequest = { kind, status: 0, at: Date.now() }
    this.requests.push(recorded)
    response.on('finish', () => {
      recorded.status = response.statusCode
    })
    const body = await readBody(request)
    const fault = this.takeFault(kind)
    if (fault?.dropConnection) return void request.socket.destroy()
    if (fault?.hang) return
    const answer = () => {
      if (fault && (fault.status !== undefined || fault.body !== undefined))
        return this.sendFault(response, fault, recorded)
      if ((kind === 'postMessage' || kind === 'webhook') && Date.now() < this.rateLimitedUntil) {
        return this.sendFault(
          response,
          { status: 429, retryAfterSeconds: this.stormRetryAfter },
          recorded,
          kind,
        )
      }
      this.route(kind, request, body, response, recorded)
    }
    if (fault?.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        answer()
      }, fault.delayMs)
      this.timers.add(timer)
      return
    }
    answer()
  }

  private route(
    kind: SlackRequestKind,
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
    recorded: RecordedSlackRequest,
  ): void {
    if (kind === 'webhook') {
      const payload = JSON.parse(body) as { text?: string; blocks?: Array<Record<string, unknown>> }
      this.accept('webhook', 'webhook', payload.text ?? '', payload.blocks ?? [])
      return void response.writeHead(200, { 'Content-Type': 'text/html' }).end('ok')
    }
    if (kind === 'other') {
      // An unknown webhook is `404 no_service`; an unknown API method, `unknown_method`.
      if (request.url?.startsWith('/services/'))
        return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('no_service')
      this.platform(response, recorded, 'unknown_method')
      return
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (!bearer) {
      this.platform(response, recorded, 'not_authed')
      return
    }
    if (!this.tokenValid || bearer !== this.botToken) {
      this.platform(response, recorded, 'invalid_auth')
      return
    }
    const form = new URLSearchParams(body)
    if (kind === 'authTest') {
      json(
        response,
        {
          ok: true,
          url: 'https://standin.slack.com/',
          team: 'Stand-in Workspace',
          user: 'moments',
          team_id: 'T0STANDIN',
          user_id: 'U0MOMENTS',
          bot_id: 'B0MOMENTS',
          is_enterprise_install: false,
        },
        { 'x-oauth-scopes': this.scopes.join(',') },
      )
      return
    }
    if (kind === 'lookupByEmail') {
      const email = (form.get('email') ?? '').toLowerCase()
      const user = this.users.find((u) => u.email.toLowerCase() === email)
      if (!this.scopes.includes('users:read.email')) {
        this.platform(response, recorded, 'missing_scope')
        return
      }
      if (!user) {
        this.platform(response, recorded, 'users_not_found')
        return
      }
      json(response, {
        ok: true,
        user: {
          id: user.id,
          team_id: 'T0STANDIN',
          name: user.name,
          real_name: user.name,
          profile: { email: user.email },
        },
      })
      return
    }
    const channel = form.get('channel') ?? ''
    const channelId = this.channelId(channel)
    if (!channelId) {
      this.platform(response, recorded, 'channel_not_found')
      return
    }
    if (this.notIn.has(channel) || this.notIn.has(channelId)) {
      this.platform(response, recorded, 'not_in_channel')
      return
    }
    const text = form.get('text') ?? ''
    const blocks = JSON.parse(form.get('blocks') ?? '[]') as Array<Record<string, unknown>>
    if (!text && blocks.length === 0) {
      this.platform(response, recorded, 'no_text')
      return
    }
    const ts = this.accept('bot', channel, text, blocks)
    json(response, {
      ok: true,
      channel: channelId,
      ts,
      message: { type: 'message', text, blocks, bot_id: 'B0MOMENTS', ts },
    })
  }

  private channelId(channel: string): string | null {
    const name = channel.replace(/^#/, '')
    if (this.channels[name]) return this.channels[name]
    if (Object.values(this.channels).includes(channel)) return channel
    const user = this.users.find((u) => u.id === channel)
    return user ? `D${user.id.slice(1)}` : null
  }

  private accept(
    via: 'bot' | 'webhook',
    channel: string,
    text: string,
    blocks: Array<Record<string, unknown>>,
  ): string {
    this.serial++
    const ts = `${Math.floor(Date.now() / 1000)}.${String(this.serial).padStart(6, '0')}`
    this.messages.push({ via, channel, text, blocks, ts, at: Date.now() })
    return ts
  }

  private platform(response: ServerResponse, recorded: RecordedSlackRequest, error: string): void {
    recorded.error = error
    json(response, { ok: false, error })
  }

  private takeFault(kind: SlackRequestKind): SlackFault | undefined {
    const entry = this.faults.find(({ fault }) =>
      fault.on === undefined ? kind === 'postMessage' || kind === 'webhook' : fault.on === kind,
    )
    if (!entry) return undefined
    entry.remaining--
    if (entry.remaining <= 0) this.faults = this.faults.filter((other) => other !== entry)
    const { fault } = entry
    const bare =
      fault.status === undefined &&
      fault.body === undefined &&
      !fault.delayMs &&
      !fault.hang &&
      !fault.dropConnection
    return bare ? { ...fault, status: 500 } : fault
  }

  private sendFault(
    response: ServerResponse,
    fault: SlackFault,
    recorded: RecordedSlackRequest,
    kind: SlackRequestKind = recorded.kind,
  ): void {
    const status = fault.status ?? 200
    const headers: Record<string, string> = {}
    if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds)
    const body = fault.body ?? defaultBody(status, kind)
    if (typeof body === 'object' && body !== null && 'error' in body) recorded.error = String(body.error)
    if (typeof body === 'string') {
      response.writeHead(status, { 'Content-Type': 'text/plain', ...headers }).end(body)
      return
    }
    json(response, body, headers, status)
  }
}

/** Slack's bodies: the Web API's `{ ok: false, error }`, a webhook's short text. */
function defaultBody(status: number, kind: SlackRequestKind): unknown {
  if (kind === 'webhook') {
    if (status === 429) return 'rate_limited'
    if (status === 404) return 'no_service'
    if (status === 403) return 'invalid_token'
    if (status === 410) return 'channel_is_archived'
    if (status === 400) return 'invalid_payload'
    return 'rollup_error'
  }
  if (status === 429) return { ok: false, error: 'ratelimited' }
  if (status >= 500) return '<html><body>Service Unavailable</body></html>'
  return { ok: false, error: 'invalid_request' }
}

function kindOf(path: string): SlackRequestKind {
  if (path === '/api/chat.postMessage') return 'postMessage'
  if (path === '/api/users.lookupByEmail') return 'lookupByEmail'
  if (path === '/api/auth.test') return 'authTest'
  if (path === WEBHOOK_PATH) return 'webhook'
  return 'other'
}

function json(
  response: ServerResponse,
  body: unknown,
  headers: Record<string, string> = {},
  status = 200,
): void {
  response.writeHead(status, { 'Content-Type': JSON_TYPE, ...headers }).end(JSON.stringify(body))
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of request) text += chunk
  return text
}
