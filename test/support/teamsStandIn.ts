/**
 * A local stand-in for a Teams Workflows webhook ("When a Teams webhook request is received"), for
 * tests that drive Moments' real Teams channel. It listens on 127.0.0.1 (port 0) and answers as
 * Power Automate does:
 *
 * - `POST /workflows/<id>/triggers/manual/paths/invoke?api-version=2016-06-01&sp=…&sv=1.0&sig=<sig>`
 *   with a JSON body → `202 Accepted`, empty body; the flow then posts the card (recorded here).
 *   A wrong `sig` → 401 `{"error":{"code":"DirectApiAuthorizationRequired",…}}`; an unknown
 *   workflow → 404 `WorkflowNotFound`; a body that is not JSON → 400 `InvalidRequestContent`;
 *   a flow turned off → 409 `WorkflowTriggerIsNotEnabled`.
 * - A card over Teams' 28 KB message limit is accepted (202: the flow runs later) but never
 *   posted, as a real flow's post would fail: `dropped` counts them.
 * - The connectors' documented limit (4 requests in one second) is enforced with 429 and
 *   `Retry-After: 1`; `rateLimitFor` makes a longer storm, `failNext` any answer (status, body,
 *   Retry-After, delay, hang, dropped connection, or an Office 365 connector's 200 whose text
 *   says "returned HTTP error 429").
 *
 *   const teams = new TeamsStandIn()
 *   const { webhookUrl } = await teams.start()
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { stopServer } from './stopServer.ts'

export interface TeamsFault {
  /** Answer with this status (default 500 when nothing else is set) */
  status?: number
  /** JSON-encoded unless a string */
  body?: unknown
  retryAfterSeconds?: number
  delayMs?: number
  hang?: boolean
  dropConnection?: boolean
  /** An Office 365 connector's way: HTTP 200 with "…returned HTTP error <n>…" in the text */
  wrappedStatus?: number
}

export interface PostedCard {
  /** The card (the attachment's content) as received */
  card: Record<string, unknown>
  /** The whole request body */
  payload: Record<string, unknown>
  bytes: number
  at: number
}

export interface RecordedTeamsRequest {
  status: number
  contentType: string | undefined
  at: number
}

/** Teams' limit on a message, card included. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024

export class TeamsStandIn {
  readonly workflowId = randomUUID().replace(/-/g, '')
  sig = 'standInSignature0123456789abcdefABCDEF'
  enabled = true
  readonly cards: PostedCard[] = []
  readonly requests: RecordedTeamsRequest[] = []
  /** Accepted, but too large for Teams: the flow's post fails */
  dropped = 0
  private faults: Array<{ remaining: number; fault: TeamsFault }> = []
  private rateLimitedUntil = 0
  private stormRetryAfter = 1
  private readonly recent: number[] = []
  private readonly timers = new Set<NodeJS.Timeout>()
  private server: Server | undefined
  private baseUrl = ''

  async start(): Promise<{ webhookUrl: string }> {
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
    return { webhookUrl: this.webhookUrl }
  }

  get webhookUrl(): string {
    return this.urlWith(this.sig)
  }

  /** The same workflow with another signature (a URL copied wrongly, or revoked). */
  urlWith(sig: string, workflowId = this.workflowId): string {
    return `${this.baseUrl}/workflows/${workflowId}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`
  }

  async close(): Promise<void> {
    const server = this.server
    this.server = undefined
    await stopServer(server, this.timers)
  }

  failNext(count: number, fault: TeamsFault = { status: 500 }): this {
    this.faults.push({ remaining: count, fault })
    return this
  }

  rateLimitFor(ms: number, retryAfterSeconds = 1): this {
    this.rateLimitedUntil = Date.now() + ms
    this.stormRetryAfter = retryAfterSeconds
    return this
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const recorded: RecordedTeamsRequest = {
      status: 0,
      contentType: request.headers['content-type'],
      at: Date.now(),
    }
    this.requests.push(recorded)
    response.on('finish', () => {
      recorded.status = response.statusCode
    })
    const body = await readBody(request)
    const fault = this.takeFault()
    if (fault?.dropConnection) return void request.socket.destroy()
    if (fault?.hang) return
    const answer = () => (fault ? this.sendFault(response, fault) : this.route(request, body, response))
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

  private route(request: IncomingMessage, body: string, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://stand-in')
    const match = /^\/workflows\/([0-9a-f]+)\/triggers\/manual\/paths\/invoke$/.exec(url.pathname)
    if (request.method !== 'POST' || !match) {
      error(response, 404, 'NotFound')
      return
    }
    if (match[1] !== this.workflowId) {
      error(response, 404, 'WorkflowNotFound')
      return
    }
    if (url.searchParams.get('sig') !== this.sig) {
      error(response, 401, 'DirectApiAuthorizationRequired')
      return
    }
    if (!this.enabled) {
      error(response, 409, 'WorkflowTriggerIsNotEnabled')
      return
    }
    const now = Date.now()
    while (this.recent.length > 0 && now - (this.recent[0] as number) >= 1_000) this.recent.shift()
    if (now < this.rateLimitedUntil || this.recent.length >= 4) {
      const retryAfter = now < this.rateLimitedUntil ? this.stormRetryAfter : 1
      error(response, 429, 'WorkflowRequestsThrottled', { 'Retry-After': String(retryAfter) })
      return
    }
    this.recent.push(now)
    let payload: Record<string, unknown>
    try {
      payload = JSON.parse(body) as Record<string, unknown>
    } catch {
      error(response, 400, 'InvalidRequestContent')
      return
    }
    response.writeHead(202, { 'Content-Length': '0' }).end()
    // What the template's flow does next, after the answer: post each card attachment.
    const bytes = Buffer.byteLength(body)
    const attachments = Array.isArray(payload.attachments) ? payload.attachments : []
    for (const attachment of attachments as Array<{
      contentType?: string
      content?: Record<string, unknown>
    }>) {
      if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive' || !attachment.content)
        continue
      if (bytes > TEAMS_MESSAGE_LIMIT_BYTES) this.dropped++
      else this.cards.push({ card: attachment.content, payload, bytes, at: now })
    }
  }

  private takeFault(): TeamsFault | undefined {
    const entry = this.faults[0]
    if (!entry) return undefined
    entry.remaining--
    if (entry.remaining <= 0) this.faults.shift()
    return entry.fault
  }

  private sendFault(response: ServerResponse, fault: TeamsFault): void {
    if (fault.wrappedStatus !== undefined) {
      response
        .writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(
          `Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error ${fault.wrappedStatus} with ContextId tcid=0,server=stand-in,cv=0.`,
        )
      return
    }
    const status = fault.status ?? 500
    const headers: Record<string, string> = {}
    if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds)
    if (typeof fault.body === 'string') {
      response.writeHead(status, { 'Content-Type': 'text/plain', ...headers }).end(fault.body)
      return
    }
    const body = fault.body ?? {
      error: { code: status >= 500 ? 'InternalServerError' : 'BadRequest', message: 'x' },
    }
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body))
  }
}

function error(response: ServerResponse, status: number, code: string, headers: Record<string, string> = {}) {
  response
    .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify({ error: { code, message: `The request failed: ${code}.` } }))
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of request) text += chunk
  return text
}
