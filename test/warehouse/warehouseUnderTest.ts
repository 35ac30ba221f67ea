// The two engines the reference SQL must run on, behind one shape, for describe.each.
import pg from 'pg'
import { createPgliteDatabase, createTestDatabase } from '../support/postgres.ts'

export interface WarehouseUnderTest {
  client: pg.Client
  url: string
  close(): Promise<void>
}

export const ENGINES = [
  ['PostgreSQL 15', (prefix: string) => openOnPostgres(prefix)],
  ['PGlite', () => openOnPglite()],
] as const

async function openOnPostgres(prefix: string): Promise<WarehouseUnderTest> {
  const database = await createTestDatabase(prefix)
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  return {
    client,
    url: database.url,
    close: async () => {
      await client.end()
      await database.drop()
    },
  }
}

async function openOnPglite(): Promise<WarehouseUnderTest> {
  const database = await createPgliteDatabase()
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  return {
    client,
    url: database.url,
    close: async () => {
      await client.end()
      await database.close()
    },
  }
}
