/**
 * A corporate forward proxy on 127.0.0.1, as `https_proxy` points to: it answers `CONNECT host:port`
 * by opening a tunnel there (what https-proxy-agent asks of it, for https and http targets alike),
 * or refuses with 403 the hosts it is told it cannot reach. It records every CONNECT it receives.
 *
 *   const proxy = new ConnectProxy()
 *   const { url } = await proxy.start()           // http://127.0.0.1:PORT
 *   proxy.refuse('127.0.0.1')                      // an internal host the proxy does not reach
 *   proxy.connects                                 // ['127.0.0.1:5123', …]
 */
import { createServer, type Server } from 'node:http'
import { type AddressInfo, connect, type Socket } from 'node:net'

export class ConnectProxy {
  readonly connects: string[] = []
  private readonly refused = new Set<string>()
  private readonly sockets = new Set<Socket>()
  private server: Server | undefined

  async start(): Promise<{ url: string }> {
    const server = createServer((_request, response) => {
      // Only tunnels: a plain proxied GET is not what the clients under test send.
      response.writeHead(405).end()
    })
    server.on('connect', (request, client: Socket, head: Buffer) => {
      const target = request.url ?? ''
      this.connects.push(target)
      this.sockets.add(client)
      client.on('close', () => this.sockets.delete(client))
      const [host = '', port = ''] = target.split(/:(?=\d+$)/)
      if (this.refused.has(host)) {
        client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
        return
      }
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        if (head.length > 0) upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      this.sockets.add(upstream)
      upstream.on('close', () => this.sockets.delete(upstream))
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
  }

  /** CONNECTs to this host are answered 403, as a proxy does for a host it may not or cannot reach. */
  refuse(host: string): this {
    this.refused.add(host)
    return this
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
