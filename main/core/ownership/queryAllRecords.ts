/**
 * Every record of a SOQL query, page after page. Salesforce answers at most 2,000 records at a time
 * and points to the next batch with `nextRecordsUrl`; each page is its own retried request, so a
 * failure on page 3 does not re-read pages 1 and 2. (jsforce's `autoFetch` would also page, but it
 * stops silently at `maxFetch`, 10,000 by default, and retries nothing the way we want.)
 *
 * A query locator is a server-side cursor: it expires after 15 minutes unused, and a user with more
 * than ten open loses the oldest. A slow read of a large book (or a laptop asleep between two pages)
 * then gets INVALID_QUERY_LOCATOR, which no retry of that page can fix: the read starts over.
 */
import { SalesforceQueryError } from './salesforceErrors.ts'
import { unexpectedAnswer } from './salesforceFailure.ts'
import type { SalesforceSession } from './salesforceSession.ts'

export interface QueryPage<R> {
  totalSize: number
  done: boolean
  records: R[]
  nextRecordsUrl?: string
}

// The next page lives on the same instance: never follow a locator elsewhere with our token.
const NEXT_PAGE = /^\/services\/data\/v\d+\.\d+\/query\/[A-Za-z0-9-]+$/

/** How often a read whose locator expired starts over before it gives up. */
const RESTARTS = 2

export async function queryAllRecords<R>(session: SalesforceSession, soql: string): Promise<R[]> {
  for (let restart = 0; ; restart++) {
    try {
      return await readPages<R>(session, soql)
    } catch (error) {
      const expired = error instanceof SalesforceQueryError && error.errorCode === 'INVALID_QUERY_LOCATOR'
      if (!expired || restart >= RESTARTS) throw error
    }
  }
}

async function readPages<R>(session: SalesforceSession, soql: string): Promise<R[]> {
  const records: R[] = []
  let path: string | undefined = `/services/data/v${session.apiVersion}/query?q=${encodeURIComponent(soql)}`
  while (path !== undefined) {
    const page: unknown = await session.get<unknown>(path)
    if (!isQueryPage<R>(page)) throw unexpectedAnswer('a query page without records')
    records.push(...page.records)
    if (page.done) return records
    if (page.nextRecordsUrl === undefined || !NEXT_PAGE.test(page.nextRecordsUrl)) {
      throw unexpectedAnswer('an unfinished query page without a usable nextRecordsUrl')
    }
    path = page.nextRecordsUrl
  }
  return records
}

function isQueryPage<R>(value: unknown): value is QueryPage<R> {
  const page = value as QueryPage<R> | null
  return (
    typeof page === 'object' && page !== null && Array.isArray(page.records) && typeof page.done === 'boolean'
  )
}
