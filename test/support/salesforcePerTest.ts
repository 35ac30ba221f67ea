import { afterEach } from 'vitest'
import { SalesforceStandIn, type SalesforceStandInOptions, type StandInUser } from './salesforceStandIn.ts'

/** A fresh Salesforce stand-in per test, signed in as `currentUser` unless told otherwise, closed after each test. */
export function salesforcePerTest(
  currentUser: StandInUser,
): (options: SalesforceStandInOptions) => Promise<SalesforceStandIn> {
  let standIn: SalesforceStandIn | undefined
  afterEach(async () => {
    await standIn?.close()
    standIn = undefined
  })
  return async (options) => {
    standIn = new SalesforceStandIn({ currentUser, ...options })
    await standIn.start()
    return standIn
  }
}
