import type { Server } from 'node:http'

/** Stops a stand-in: its pending timers, every open connection (hung requests too), then the listener. */
export async function stopServer(server: Server | undefined, timers: Set<NodeJS.Timeout>): Promise<void> {
  for (const timer of timers) clearTimeout(timer)
  timers.clear()
  if (!server) return
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}
