import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { create } from 'tar'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_SEEDED_UNTIL } from '../../../main/core/demo/demoData.ts'
import { DEMO_START_PARAMS } from '../../../main/core/demo/demoPglite.ts'
import {
  seedDemoTemplate,
  unpackDemoTemplate,
  writeDemoTemplate,
} from '../../../main/core/demo/demoTemplate.ts'
import { openDemoWarehouse } from '../../../main/core/demo/demoWarehouse.ts'
import '../../support/providedContext.ts'

const NOW = new Date('2025-03-14T12:00:00Z')

interface Logged {
  level: 'info' | 'warn'
  fields: Record<string, unknown>
  message: string
}

function recordingLog(lines: Logged[]) {
  return {
    info: (fields: object, message: string) =>
      void lines.push({ level: 'info', fields: { ...fields }, message }),
    warn: (fields: object, message: string) =>
      void lines.push({ level: 'warn', fields: { ...fields }, message }),
  }
}

async function fingerprint(url: string): Promise<{ events: number; hash: string }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(
      `SELECT COUNT(*)::int AS events,
              md5(string_agg(event_id || coalesce(account_id, '-') || loaded_at::text, ',' ORDER BY event_id)) AS hash
       FROM enriched_events WHERE loaded_at <= $1`,
      [NOW],
    )
    return rows[0]
  } finally {
    await client.end()
  }
}

describe('the demo warehouse made from a pre-initialised data directory', () => {
  let root: string
  let template: string
  /** The demo's data as seeded into a directory initdb made */
  let seededByInitdb: { events: number; hash: string }

  beforeAll(async () => {
    root = mkdtempSync(join(inject('pg').scratchDir, 'demo-template-'))
    // The test run's initdb-made PGlite directory, packed as npm install packs the template.
    template = join(root, 'demo-pgdata.tar.gz')
    await create({ gzip: true, file: template, cwd: inject('pg').pgliteTemplateDir }, ['.'])
    const dataDir = join(root, 'from-initdb')
    const demo = await openDemoWarehouse({ dataDir, now: NOW, template: null })
    try {
      seededByInitdb = await fingerprint(demo.url)
    } finally {
      await demo.close()
    }
  }, 120_000)

  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('unpacks the template on a first start and seeds the same data as after initdb', async () => {
    const dataDir = join(root, 'fresh', 'demo-warehouse')
    const log: Logged[] = []
    const demo = await openDemoWarehouse({ dataDir, now: NOW, template, log: recordingLog(log) })
    try {
      expect(log.find((l) => l.message === 'demo warehouse created and seeded')?.fields).toMatchObject({
        fromTemplate: true,
      })
      expect(log.filter((l) => l.level === 'warn')).toEqual([])
      expect(seededByInitdb.events).toBeGreaterThan(1000)
      expect(await fingerprint(demo.url)).toEqual(seededByInitdb)
      expect(demo.ownership.accounts).toHaveLength(12)
    } finally {
      await demo.close()
    }
    // Nothing left beside it: no staging folder, no lock.
    expect(readdirSync(join(root, 'fresh'))).toEqual(['demo-warehouse'])
  })

  it('reopens a directory made from the template without unpacking it again', async () => {
    const dataDir = join(root, 'fresh', 'demo-warehouse')
    const log: Logged[] = []
    const later = new Date(NOW.getTime() + 3_600_000)
    const demo = await openDemoWarehouse({ dataDir, now: later, template, log: recordingLog(log) })
    try {
      const opened = log.find((l) => l.message === 'demo warehouse reopened and topped up')
      expect(opened?.fields).toMatchObject({ created: false })
      expect(opened?.fields).not.toHaveProperty('fromTemplate')
      expect(await fingerprint(demo.url)).toEqual(seededByInitdb)
    } finally {
      await demo.close()
    }
  })

  it('a template holding the seeded weeks, as npm install builds it, is moved to now: no row generated, the same data', async () => {
    const source = join(root, 'seeded-source')
    cpSync(inject('pg').pgliteTemplateDir, source, { recursive: true })
    const seededTemplate = join(root, 'seeded.tar.gz')
    const db = await PGlite.create({ dataDir: source, startParams: DEMO_START_PARAMS })
    try {
      await seedDemoTemplate(db)
      await writeDemoTemplate(db, seededTemplate)
    } finally {
      await db.close()
    }
    const dataDir = join(root, 'from-seeded', 'demo-warehouse')
    const log: Logged[] = []
    const demo = await openDemoWarehouse({
      dataDir,
      now: NOW,
      template: seededTemplate,
      log: recordingLog(log),
    })
    try {
      const wholeDays = Math.floor((NOW.getTime() - DEMO_SEEDED_UNTIL.getTime()) / 86_400_000)
      expect(log.find((l) => l.message === 'demo warehouse created and seeded')?.fields).toMatchObject({
        fromTemplate: true,
        seeded: 0,
        movedDays: wholeDays,
      })
      expect(await fingerprint(demo.url)).toEqual(seededByInitdb)
      // Without initdb's template databases: the demo and its clients only use postgres.
      const client = new pg.Client({ connectionString: demo.url })
      await client.connect()
      try {
        const { rows } = await client.query('SELECT datname FROM pg_database ORDER BY datname')
        expect(rows.map((row) => row.datname)).toEqual(['postgres'])
      } finally {
        await client.end()
      }
    } finally {
      await demo.close()
    }
  }, 120_000)

  it('an empty data directory (made by someone else first) is filled from the template', async () => {
    const dataDir = join(root, 'empty')
    mkdirSync(dataDir)
    const log: Logged[] = []
    const demo = await openDemoWarehouse({ dataDir, now: NOW, template, log: recordingLog(log) })
    try {
      expect(log.find((l) => l.message === 'demo warehouse created and seeded')?.fields).toMatchObject({
        fromTemplate: true,
      })
    } finally {
      await demo.close()
    }
  })

  it('a damaged template is reported and initdb runs instead: the demo still starts with its data', async () => {
    const damaged = join(root, 'damaged.tar.gz')
    const whole = readFileSync(template)
    writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length / 2)))
    const dataDir = join(root, 'after-damaged', 'demo-warehouse')
    const log: Logged[] = []
    const demo = await openDemoWarehouse({ dataDir, now: NOW, template: damaged, log: recordingLog(log) })
    try {
      expect(log.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
        'demo warehouse template unusable; running initdb',
      ])
      expect(log.find((l) => l.message === 'demo warehouse created and seeded')?.fields).toMatchObject({
        fromTemplate: false,
      })
      expect(await fingerprint(demo.url)).toEqual(seededByInitdb)
    } finally {
      await demo.close()
    }
    expect(readdirSync(join(root, 'after-damaged'))).toEqual(['demo-warehouse'])
  }, 120_000)

  it('unpacking a damaged template leaves no directory behind', async () => {
    const notATarball = join(root, 'not-a-tarball.tar.gz')
    writeFileSync(notATarball, 'moments')
    const dataDir = join(root, 'never-made')
    await expect(unpackDemoTemplate(notATarball, dataDir)).rejects.toThrow()
    expect(existsSync(dataDir)).toBe(false)
    expect(readdirSync(root).filter((name) => name.startsWith('never-made'))).toEqual([])
  })

  it('a whole gzip stream around a tar cut short, or a tar not gzipped, is refused and leaves nothing', async () => {
    const tarStream = gunzipSync(readFileSync(template))
    const damaged = {
      'cut-short.tar.gz': gzipSync(tarStream.subarray(0, Math.floor(tarStream.length / 2) + 100)),
      'not-gzipped.tar.gz': tarStream,
    }
    for (const [name, bytes] of Object.entries(damaged)) {
      const file = join(root, name)
      writeFileSync(file, bytes)
      const dataDir = join(root, `never-made-${name}`)
      await expect(unpackDemoTemplate(file, dataDir), name).rejects.toThrow()
      expect(readdirSync(root).filter((entry) => entry.startsWith(`never-made-${name}`))).toEqual([])
    }
  })
})
