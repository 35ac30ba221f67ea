/**
 * A local stand-in for the Salesforce REST API, for tests that drive the real jsforce client.
 * It listens on 127.0.0.1 (port 0) and speaks the shapes jsforce and Moments use:
 *
 * - `GET /services/data/vNN.N/query?q=SELECT …` → `{ totalSize, done, records, nextRecordsUrl? }`,
 *   records with `attributes` and nested lookups (`Owner: { attributes, Name, Email }`);
 * - `GET /services/data/vNN.N/query/01g…-2000` → the next page;
 * - `GET /services/data/vNN.N/sobjects/Account/describe` (and `User`) → the object's fields with
 *   their labels, types and relationships (`standInSchema.ts`);
 * - `GET /services/oauth2/userinfo` → the token owner's OpenID Connect claims plus `user_id`;
 * - `POST /services/data/vNN.N/sobjects/Task` → 201 `{ id, success, errors }`, or Salesforce's
 *   refusals (`standInTasks.ts`: no Create permission, required fields, validation rules, …);
 * - the account's contacts with an e-mail address (`standInContacts.ts`).
 *
 * It checks `Authorization: Bearer <token>` (data API: 401 INVALID_SESSION_ID; userinfo: 403
 * `Bad_OAuth_Token`, as Salesforce does), evaluates `WHERE f = 'v' OR …` over its accounts, refuses
 * fields the org's Account lacks with INVALID_FIELD, writes dates and numbers as Salesforce does,
 * pages at `pageSize` (Salesforce: 2,000), answers INVALID_QUERY_LOCATOR for a locator that expired,
 * and records every request. Faults are programmable: `failNext`, `slowNext`, `expireToken`,
 * `removeAccountField`, `expireQueryLocatorsAfter`; or over HTTP under `/__stand-in/` when it runs
 * as a child process (`salesforceStandInProcess.ts`).
 *
 *   const standIn = new SalesforceStandIn({ accounts, currentUser })
 *   const { url } = await standIn.start()
 *   standIn.failNext(2, { status: 500 })
 *   …
 *   await standIn.close()
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isContactQuery, runContactQuery, type StandInContact } from './standInContacts.ts'
import {
  type RenderedRecord,
  runAccountQuery,
  type StandInAccount,
  type StandInUser,
} from './standInQuery.ts'
import { defaultFaultBody, JSON_TYPE, readJson, send, userInfoClaims } from './standInReplies.ts'
import { describeObject, STANDARD_ACCOUNT_FIELDS, type StandInField, USER_FIELDS } from './standInSchema.ts'
import { SoqlRefusal } from './standInSoql.ts'
import {
  type CreatedTask,
  defaultTaskPolicy,
  type StandInTaskPolicy,
  taskId,
  taskRefusals,
} from './standInTasks.ts'
import { stopServer } from './stopServer.ts'

export type { StandInContact } from './standInContacts.ts'
export type { StandInAccount, StandInUser } from './standInQuery.ts'
export type { StandInField } from './standInSchema.ts'
export type { CreatedTask, StandInTaskPolicy } from './standInTasks.ts'

export type RequestKind = 'query' | 'queryMore' | 'describe' | 'userinfo' | 'createTask' | 'other'

export interface StandInFault {
  /** Answer with this status (default 500 when nothing else is set) */
  status?: number
  /** JSON-encoded unless a string; defaults to Salesforce's body for the status */
  body?: unknown
  headers?: Record<string, string>
  retryAfterSeconds?: number
  /** Wait this long first; without `status`, then answer normally (a slow Salesforce) */
  delayMs?: number
  /** Send the headers at once and the body this much later (a stalled transfer) */
  bodyDelayMs?: number
  /** Never answer: the client must give up by itself */
  hang?: boolean
  /** Destroy the socket: a network error on the client */
  dropConnection?: boolean
  /** Only requests of this kind take the fault; default: any */
  on?: RequestKind
}

export interface RecordedRequest {
  method: string
  path: string
  kind: RequestKind
  /** The decoded SOQL of a `query` request */
  soql?: string
  /** The bearer token the client sent */
  bearer?: string
  /** The JSON body of a `createTask` */
  body?: unknown
  status: number
}

export interface SalesforceStandInOptions {
  accessToken?: string
  /** Whom the access token belongs to (userinfo) */
  currentUser?: StandInUser
  accounts?: StandInAccount[]
  /** Account lookup fields that exist; default OwnerId plus every field the accounts use */
  ownerFields?: string[]
  /** The org's own Account fields (custom ones: Renewal_Date__c), beside the standard ones */
  accountFields?: StandInField[]
  /** Standard Account fields this org hides (field-level security), e.g. `['Industry']` */
  hiddenAccountFields?: string[]
  /** Records per page; Salesforce's default is 2,000 */
  pageSize?: number
  orgId?: string
  /** Contacts of the accounts (the reach-out's recipients when an event has no e-mail) */
  contacts?: StandInContact[]
  /** What the user may do with Tasks, and the org's rules for them */
  taskPolicy?: Partial<StandInTaskPolicy>
}

export const STAND_IN_USER: StandInUser = {
  id: '005000000000001AAA',
  name: 'Avery Owner',
  email: 'avery.owner@example.com',
}

export class SalesforceStandIn {
  accessToken: string
  currentUser: StandInUser
  accounts: StandInAccount[]
  pageSize: number
  readonly orgId: string
  contacts: StandInContact[]
  taskPolicy: StandInTaskPolicy
  /** Every Task created, in order */
  readonly tasks: CreatedTask[] = []
  readonly requests: RecordedRequest[] = []
  private readonly extraOwnerFields: string[]
  private readonly customFields: StandInField[]
  private hiddenFields: Set<string>
  private locatorPagesLeft: number | null = null
  private tokenValid = true
  private faults: Array<{ remaining: number; fault: StandInFault }> = []
  private readonly cursors = new Map<string, RenderedRecord[]>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private server: Server | undefined
  private baseUrl = ''

  constructor(options: SalesforceStandInOptions = {}) {
    this.accessToken = options.accessToken ?? 'stand-in-access-token'
    this.currentUser = options.currentUser ?? STAND_IN_USER
    this.accounts = options.accounts ?? []
    this.pageSize = options.pageSize ?? 2000
    this.orgId = options.orgId ?? '00D000000000001AAA'
    this.extraOwnerFields = options.ownerFields ?? ['OwnerId']
    this.customFields = options.accountFields ?? []
    this.hiddenFields = new Set(options.hiddenAccountFields ?? [])
    this.contacts = options.contacts ?? []
    this.taskPolicy = { ...defaultTaskPolicy(), ...options.taskPolicy }
  }

  /** Listens on 127.0.0.1 at a free port. */
  async start(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createServer((request, response) => this.handle(request, response))
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return { url: this.baseUrl, close: () => this.close() }
  }

  get url(): string {
    return this.baseUrl
  }

  /** Stops listening, drops open connections (hung requests too) and pending timers. */
  async close(): Promise<void> {
    const server = this.server
    this.server = undefined
    await stopServer(server, this.timers)
  }

  /** The next `count` requests (of `fault.on`'s kind) take the fault. */
  failNext(count: number, fault: StandInFault = { status: 500 }): this {
    this.faults.push({ remaining: count, fault })
    return this
  }

  /** The next `count` requests are answered normally, `delayMs` late. */
  slowNext(count: number, delayMs: number, on?: RequestKind): this {
    return this.failNext(count, { delayMs, on })
  }

  /** From now on the token is refused, as when a session times out or is revoked. */
  expireToken(): this {
    this.tokenValid = false
    return this
  }

  renewToken(accessToken = this.accessToken): this {
    this.accessToken = accessToken
    this.tokenValid = true
    return this
  }

  /** The field is gone from the org (deleted, or its field-level security changed): describe and SOQL agree. */
  removeAccountField(name: string): this {
    this.hiddenFields.add(name)
    return this
  }

  /**
   * After `pages` more pages of queryMore, every open query locator expires, as Salesforce's do after
   * 15 minutes of inactivity or when a user opens more than ten: the next page is INVALID_QUERY_LOCATOR.
   */
  expireQueryLocatorsAfter(pages: number): this {
    this.locatorPagesLeft = pages
    return this
  }

  /** The org's Account fields: the standard ones it shows, its lookups to people, its custom ones. */
  accountFields(): StandInField[] {
    const fields = [...STANDARD_ACCOUNT_FIELDS, ...this.customFields]
    for (const name of this.ownerFields()) {
      if (fields.some((field) => field.name === name)) continue
      fields.push({ name, label: labelOf(name), type: 'reference', referenceTo: 'User' })
    }
    return fields.filter((field) => !this.hiddenFields.has(field.name))
  }

  /** The SOQL of every query received, in order. */
  queries(): string[] {
    return this.requests.flatMap((request) => (request.soql === undefined ? [] : [request.soql]))
  }

  private ownerFields(): Set<string> {
    const fields = new Set(this.extraOwnerFields)
    for (const account of this.accounts) for (const field of Object.keys(account.people)) fields.add(field)
    return fields
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://stand-in')
    if (url.pathname.startsWith('/__stand-in/')) {
      this.control(request, response, url.pathname).catch((error: Error) => {
        send(response, 400, { error: error.message })
      })
      return
    }
    const kind = kindOf(request.method ?? 'GET', url)
    if (kind !== 'createTask') {
      this.handleRequest(request, response, url, kind, undefined)
      return
    }
    readBody(request).then(
      (body) => this.handleRequest(request, response, url, kind, body),
      () => request.socket.destroy(),
    )
  }

  private handleRequest(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    kind: RequestKind,
    body: unknown,
  ): void {
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, kind, status: 0 }
    const soql = url.searchParams.get('q')
    if (kind === 'query' && soql !== null) recorded.soql = soql
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (bearer !== undefined) recorded.bearer = bearer
    if (kind === 'createTask') recorded.body = body
    this.requests.push(recorded)
    response.on('finish', () => {
      recorded.status = response.statusCode
    })

    const fault = this.takeFault(kind)
    const answer = () => {
      if (fault?.status !== undefined) return this.sendFault(response, fault)
      this.answer(response, url, kind, bearer, fault?.bodyDelayMs, body)
    }
    if (fault?.dropConnection) return void request.socket.destroy()
    if (fault?.hang) return
    if (fault?.delayMs) {
      this.later(fault.delayMs, answer)
      return
    }
    answer()
  }

  private takeFault(kind: RequestKind): StandInFault | undefined {
    const entry = this.faults.find(({ fault }) => fault.on === undefined || fault.on === kind)
    if (!entry) return undefined
    entry.remaining--
    if (entry.remaining <= 0) this.faults = this.faults.filter((other) => other !== entry)
    const { fault } = entry
    const isBare = fault.status === undefined && !fault.delayMs && !fault.hang && !fault.dropConnection
    return isBare && !fault.bodyDelayMs ? { ...fault, status: 500 } : fault
  }

  private sendFault(response: ServerResponse, fault: StandInFault): void {
    const status = fault.status ?? 500
    const headers = { ...fault.headers }
    if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds)
    send(response, status, fault.body ?? defaultFaultBody(status), headers)
  }

  private answer(
    response: ServerResponse,
    url: URL,
    kind: RequestKind,
    bearer: string | undefined,
    bodyDelayMs?: number,
    requestBody?: unknown,
  ): void {
    const authorized = this.tokenValid && bearer === this.accessToken
    if (kind === 'userinfo' && !authorized) {
      send(response, 403, 'Bad_OAuth_Token', { 'Content-Type': 'text/plain;charset=UTF-8' })
      return
    }
    if (!authorized) {
      send(response, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
      return
    }
    const [status, body] = this.route(url, kind, requestBody)
    const headers = { 'Sforce-Limit-Info': `api-usage=${this.requests.length}/15000` }
    if (!bodyDelayMs) {
      send(response, status, body, headers)
      return
    }
    response.writeHead(status, { 'Content-Type': JSON_TYPE, ...headers })
    response.write(' ')
    this.later(bodyDelayMs, () => response.end(JSON.stringify(body)))
  }

  private route(url: URL, kind: RequestKind, requestBody: unknown): [number, unknown] {
    const version = /^\/services\/data\/v(\d+\.\d)\//.exec(url.pathname)?.[1] ?? '62.0'
    try {
      if (kind === 'userinfo') return [200, userInfoClaims(this.currentUser, this.orgId, this.baseUrl)]
      if (kind === 'createTask') return this.createTask(requestBody)
      if (kind === 'query') return [200, this.startQuery(url.searchParams.get('q') ?? '', version)]
      if (kind === 'queryMore') return [200, this.nextPage(url.pathname, version)]
      if (kind === 'describe') return this.describe(url.pathname, version)
    } catch (error) {
      if (error instanceof SoqlRefusal) return [400, [{ message: error.message, errorCode: error.errorCode }]]
      throw error
    }
    return [404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]]
  }

  private describe(path: string, version: string): [number, unknown] {
    const object = /\/sobjects\/([A-Za-z0-9_]+)\/describe\/?$/.exec(path)?.[1]
    if (object === 'Account')
      return [200, describeObject('Account', 'Account', '001', this.accountFields(), version)]
    if (object === 'User') return [200, describeObject('User', 'User', '005', USER_FIELDS, version)]
    return [404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]]
  }

  private createTask(record: unknown): [number, unknown] {
    const errors = taskRefusals(record, this.taskPolicy, new Set(this.accounts.map((a) => a.id)))
    if (errors.length > 0) return [400, errors]
    const id = taskId(this.tasks.length + 1)
    this.tasks.push({ id, fields: record as Record<string, unknown>, createdById: this.currentUser.id })
    return [201, { id, success: true, errors: [] }]
  }

  private startQuery(soql: string, version: string) {
    const records = isContactQuery(soql)
      ? runContactQuery(soql, this.contacts, version)
      : runAccountQuery(soql, { accountFields: this.accountFields(), accounts: this.accounts }, version)
    const cursor = `01g${String(this.cursors.size + 1).padStart(12, '0')}AAA`
    this.cursors.set(cursor, records)
    return this.page(cursor, 0, version)
  }

  private nextPage(path: string, version: string) {
    const [, cursor = '', offset = ''] = /\/query\/([A-Za-z0-9]+)-(\d+)$/.exec(path) ?? []
    if (this.locatorPagesLeft !== null && this.locatorPagesLeft-- <= 0) {
      this.locatorPagesLeft = null
      this.cursors.clear()
    }
    if (!this.cursors.has(cursor)) throw new SoqlRefusal('INVALID_QUERY_LOCATOR', 'invalid query locator')
    return this.page(cursor, Number(offset), version)
  }

  private page(cursor: string, offset: number, version: string) {
    const all = this.cursors.get(cursor) ?? []
    const end = offset + this.pageSize
    const done = end >= all.length
    return {
      totalSize: all.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursor}-${end}` }),
      records: all.slice(offset, end),
    }
  }

  /** `/__stand-in/…`: the fault controls, over HTTP, for a stand-in in another process. */
  private async control(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const body = request.method === 'POST' || request.method === 'PUT' ? await readJson(request) : {}
    if (path === '/__stand-in/requests') return send(response, 200, this.requests)
    if (path === '/__stand-in/tasks') return send(response, 200, this.tasks)
    if (path === '/__stand-in/faults')
      this.failNext(Number(body.count ?? 1), (body.fault ?? {}) as StandInFault)
    else if (path === '/__stand-in/expire-token') this.expireToken()
    else if (path === '/__stand-in/renew-token') this.renewToken(body.accessToken as string | undefined)
    else if (path === '/__stand-in/accounts') this.accounts = body.accounts as StandInAccount[]
    else if (path === '/__stand-in/remove-account-field') this.removeAccountField(String(body.name))
    else if (path === '/__stand-in/task-policy')
      this.taskPolicy = { ...this.taskPolicy, ...(body as Partial<StandInTaskPolicy>) }
    else return send(response, 404, { error: `no control ${path}` })
    send(response, 204, undefined)
  }

  private later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      action()
    }, delayMs)
    this.timers.add(timer)
  }
}

function kindOf(method: string, url: URL): RequestKind {
  if (url.pathname === '/services/oauth2/userinfo') return 'userinfo'
  if (method === 'POST' && /^\/services\/data\/v\d+\.\d\/sobjects\/Task\/?$/.test(url.pathname))
    return 'createTask'
  if (/^\/services\/data\/v\d+\.\d\/query\/?$/.test(url.pathname) && url.searchParams.has('q')) return 'query'
  if (/^\/services\/data\/v\d+\.\d\/query\/[A-Za-z0-9]+-\d+$/.test(url.pathname)) return 'queryMore'
  if (/^\/services\/data\/v\d+\.\d\/sobjects\/[A-Za-z0-9_]+\/describe\/?$/.test(url.pathname))
    return 'describe'
  return 'other'
}

/** `Solutions_Engineer__c` → `Solutions Engineer`, as a custom lookup's label usually reads. */
function labelOf(name: string): string {
  return name.replace(/__c$/, '').replace(/Id$/, ' ID').replace(/_/g, ' ')
}

/** The JSON a client posted; what is not JSON is kept as its text (Salesforce then refuses it). */
async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = ''
  for await (const chunk of request) text += chunk
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
