import { type AccountFieldPlan, planAccountFields } from './accountFieldPlan.ts'
import type { AccountFieldRequest } from './accountFields.ts'
import type { SalesforceSession } from './salesforceSession.ts'

/**
 * The account fields one ownership source reads, described once and then reused refresh after
 * refresh: an org's schema rarely changes, and when it does (a field deleted), the query says so
 * and the caller asks for a fresh description.
 */
export interface AccountFieldReader {
  readonly requests: readonly AccountFieldRequest[]
  plan(session: SalesforceSession, options?: { fresh?: boolean }): Promise<AccountFieldPlan>
}

export function accountFieldReader(requests: readonly AccountFieldRequest[]): AccountFieldReader {
  let described: Promise<AccountFieldPlan> | null = null
  return {
    requests,
    plan(session, { fresh = false } = {}) {
      if (fresh || !described) {
        const attempt = planAccountFields(session, requests)
        described = attempt
        // A failed description is not kept: the next refresh describes again.
        attempt.catch(() => {
          if (described === attempt) described = null
        })
      }
      return described
    },
  }
}
