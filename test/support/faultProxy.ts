/**
 * An HTTP proxy on 127.0.0.1 in front of a stand-in (Salesforce, Slack), whose fault lasts until
 * the test changes it: an outage of some length rather than a number of failed requests.
 *
 *   const proxy = new FaultProxy(standIn.url)
 *   const { url } = await proxy.start()      // give the client this URL instead
 *   proxy.set({ kind: 'status', status: 500 })  // every request answered 500 from now on
 *   proxy.set({ kind: 'delay', ms: 8_000 })      // slow: forwarded after 8 s
 *   proxy.set({ kind: 'pass' })
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Forwarded, but only after `ms` */
  | { kind: 'delay'; ms: number }
  /** Never answered: the client has to give up by itself */
  | { kind: 'hang' }
  /** The connection is cut: a network error on the client */
  | { kind: 'drop' }

export interface ProxiedRequest {
  path: string
  mode: ProxyMode['kind']
  /** 0 until answered */
  status: number
}

export class FaultProxy {
  readonly requests: ProxiedRequest[] = []
  private mode: ProxyMode = { kind: 'pass' }
  private server: Server | undefined
  private readonly timers = new Set<NodeJS.Timeout>()
  private baseUrl = ''

  constructor(private readonly target: string) {}

  async start(): Promise<{ url: string }> {
    const server = createServer((req, res) => this.handle(req, res))
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return { url: this.baseUrl }
  }

  get url(): string {
    return this.baseUrl
  }

  set(mode: ProxyMode): this {
    this.mode = mode
    return this
  }

  /** Requests not answered yet (hanging or delayed) */
  pending(): number {
    return this.requests.filter((r) => r.status === 0).length
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    const server = this.server
    if (!server) return
    this.server = undefined
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const mode = this.mode
    const recorded: ProxiedRequest = { path: req.url ?? '/', mode: mode.kind, status: 0 }
    this.requests.push(recorded)
    res.on('finish', () => {
      recorded.status = res.statusCode
    })
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (mode.kind === 'hang') return
      if (mode.kind === 'drop') return void req.socket.destroy()
      if (mode.kind === 'status') {
        res.writeHead(mode.status, { 'Content-Type': 'text/html', ...mode.headers })
        return void res.end(mode.body ?? '<html><body>Service Unavailable</body></html>')
      }
      if (mode.kind === 'delay') {
        const timer = setTimeout(() => {
          this.timers.delete(timer)
          this.forward(req, body, res)
        }, mode.ms)
        this.timers.add(timer)
        return
      }
      this.forward(req, body, res)
    })
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const target = new URL(req.url ?? '/', this.target)
    const headers = { ...req.headers, host: target.host }
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    upstream.end(body)
  }
}
