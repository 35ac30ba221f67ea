import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { accountsOwnedBy, standInUser } from './standInBook.ts'

const alice = standInUser(1, 'Alice Martin')
const processEntry = join(import.meta.dirname, 'salesforceStandInProcess.ts')

let child: ChildProcess | undefined

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
  child = undefined
})

async function startProcess(fixture: object): Promise<{ url: string; accessToken: string }> {
  const fixturePath = join(await mkdtemp(join(tmpdir(), 'stand-in-')), 'fixture.json')
  await writeFile(fixturePath, JSON.stringify(fixture))
  child = spawn(process.execPath, ['--import', 'tsx', processEntry, fixturePath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  const [firstLine] = (await once(lines, 'line')) as [string]
  return JSON.parse(firstLine)
}

describe('the Salesforce stand-in as a process', () => {
  it('prints its URL, answers queries and takes faults over HTTP', async () => {
    const { url, accessToken } = await startProcess({
      accessToken: 'e2e-token',
      currentUser: alice,
      accounts: accountsOwnedBy(1, { OwnerId: alice }),
    })
    const authorization = { Authorization: `Bearer ${accessToken}` }
    const soql = encodeURIComponent(`SELECT Id, Owner.Name FROM Account WHERE OwnerId = '${alice.id}'`)

    const answer = await fetch(`${url}/services/data/v62.0/query?q=${soql}`, { headers: authorization })
    const page = (await answer.json()) as { records: Array<{ Owner: { Name: string } }> }
    await fetch(`${url}/__stand-in/faults`, {
      method: 'POST',
      body: JSON.stringify({ count: 1, fault: { status: 503 } }),
    })
    const failed = await fetch(`${url}/services/oauth2/userinfo`, { headers: authorization })
    const recorded = await fetch(`${url}/__stand-in/requests`)
    const requests = (await recorded.json()) as Array<{ kind: string }>

    expect(accessToken).toBe('e2e-token')
    expect(page.records[0]?.Owner.Name).toBe('Alice Martin')
    expect(failed.status).toBe(503)
    expect(requests.map((request) => request.kind)).toEqual(['query', 'userinfo'])
  })
})
