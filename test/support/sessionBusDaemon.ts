// A private D-Bus session bus (the real dbus-daemon, Debian's `dbus-daemon`) on a socket in a
// scratch folder, and stand-ins for the desktop services Moments asks: each a real client on that
// bus that owns a well-known name and answers the methods it exports.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import dbusNative from '@homebridge/dbus-native'

export const DBUS_DAEMON = '/usr/bin/dbus-daemon'

export interface SessionBusDaemon {
  /** DBUS_SESSION_BUS_ADDRESS of this bus */
  address: string
  /** Owns `name` on the bus and exports `methods` (name → [in signature, out signature, answer]) at `path` */
  provide(
    name: string,
    path: string,
    iface: string,
    methods: Record<string, [string, string, () => unknown]>,
  ): Promise<() => void>
  close(): Promise<void>
}

interface StandInClient {
  requestName(name: string, flags: number, callback: (error: unknown, code: number) => void): void
  exportInterface(object: Record<string, () => unknown>, path: string, description: unknown): void
  connection: { end(): void; on(event: string, listener: (error: Error) => void): void }
}
const dbus = dbusNative as unknown as { createClient(options: { stream: unknown }): StandInClient }

export async function startSessionBus(): Promise<SessionBusDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'moments-dbus-'))
  const socket = join(dir, 'bus')
  writeFileSync(
    join(dir, 'session.conf'),
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <!-- The policy of Debian's session.conf (a narrower one left calls unanswered) -->
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  )
  const daemon: ChildProcess = spawn(
    DBUS_DAEMON,
    [`--config-file=${join(dir, 'session.conf')}`, '--nofork', '--print-address=1'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
  const address = await new Promise<string>((resolve, reject) => {
    let out = ''
    daemon.on('error', (error) =>
      reject(new Error(`cannot start ${DBUS_DAEMON} (apt-get install dbus-daemon): ${error.message}`)),
    )
    daemon.on('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before listening`)))
    daemon.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve(out.trim())
    })
  })
  const clients: StandInClient[] = []
  return {
    address,
    async provide(name, path, iface, methods) {
      const client = dbus.createClient({ stream: createConnection(socket) })
      client.connection.on('error', () => {})
      clients.push(client)
      await new Promise<void>((resolve, reject) =>
        // 0x4: DBUS_NAME_FLAG_DO_NOT_QUEUE; 1 is "primary owner".
        client.requestName(name, 0x4, (error, code) =>
          error || code !== 1 ? reject(new Error(`cannot own ${name}`)) : resolve(),
        ),
      )
      client.exportInterface(
        Object.fromEntries(Object.entries(methods).map(([member, [, , answer]]) => [member, answer])),
        path,
        {
          name: iface,
          methods: Object.fromEntries(
            Object.entries(methods).map(([member, [input, output]]) => [member, [input, output]]),
          ),
          signals: {},
          properties: {},
        },
      )
      return () => client.connection.end()
    },
    async close() {
      for (const client of clients) client.connection.end()
      const exited = new Promise((resolve) => daemon.once('exit', resolve))
      daemon.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
