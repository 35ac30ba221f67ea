/**
 * Every record of a SOQL query, page after page. Salesforce answers at most 2,000 records at a time
 * and points to the next batch with `nextRecordsUrl`; each page is its own retried request, so a
 * failure on page 3 does not re-read pages 1 and 2. (jsforce's `autoFetch` would also page, but it
 * stops silently at `maxFetch`, 10,000 by default, and retries nothing the way we want.)
 */
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

export async function queryAllRecords<R>(session: SalesforceSession, soql: string): Promise<R[]> {
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
