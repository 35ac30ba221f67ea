import { errorMessage } from '../../../shared/errorMessage.ts'
import type { SalesforceSettings } from '../config/configSchema.ts'
import { accountFieldsUsed } from '../rules/accountFieldsUsed.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import type { SetupCheck } from '../setupCheck.ts'
import { planAccountFields } from './accountFieldPlan.ts'
import { type AccountFieldInfo, accountFieldRequests } from './accountFields.ts'
import { openSalesforceSession } from './salesforceSession.ts'

/**
 * `moments doctor`: the account fields against the org's describe. A listed field the org does not
 * have is a config error naming its setting (a poll would read on without it); a rule that reads
 * an account field nobody asked for is a warning (it would error on every event).
 */
export async function accountFieldsCheck(
  salesforce: SalesforceSettings,
  rules: readonly CompiledRule[],
): Promise<SetupCheck> {
  const name = 'account fields'
  let requests: ReturnType<typeof accountFieldRequests>
  try {
    requests = accountFieldRequests(salesforce.accountFields)
  } catch (error) {
    return { name, kind: 'config', verdict: 'fail', detail: errorMessage(error) }
  }
  if (requests.length === 0) {
    return { name, kind: 'info', verdict: 'ok', detail: 'none read (salesforce.accountFields: [])' }
  }
  let fields: AccountFieldInfo[]
  let missing: string[]
  try {
    const session = openSalesforceSession({ ...salesforce, retries: 1, timeoutMs: 15_000 })
    const plan = await planAccountFields(session, requests)
    fields = plan.fields
    missing = plan.problems
      .filter((problem) => problem.request.required)
      .map((problem) => `${problem.request.setting}: ${problem.reason}`)
  } catch (error) {
    return {
      name,
      kind: 'service',
      verdict: 'fail',
      detail: `cannot describe Account: ${errorMessage(error)}`,
    }
  }
  const read = new Set(fields.map((field) => field.path.toLowerCase()))
  const unread = rules.flatMap((rule) =>
    accountFieldsUsed(rule.when)
      .filter((path) => !read.has(path.toLowerCase()))
      .map((path) => `rule ${rule.id} reads account.${path}, which salesforce.accountFields does not read`),
  )
  const listed = fields.map((field) => `${field.path} (${field.label}, ${field.type})`).join(', ')
  const detail = [listed ? `reads ${listed}` : 'reads none', ...missing, ...unread].join('\n')
  if (missing.length > 0) return { name, kind: 'config', verdict: 'fail', detail }
  return { name, kind: 'config', verdict: unread.length > 0 ? 'warn' : 'ok', detail }
}
