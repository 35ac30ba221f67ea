import { emptyOutcome } from '../../../../main/core/pipeline/batchOutcome.ts'
import { type CheckedRow, candidateOf } from '../../../../main/core/pipeline/stages/stage.ts'
import { matchRules } from '../../../../main/core/rules/matchRules.ts'
import { checkRow } from '../../../../main/core/warehouse/rowContract.ts'
import { TEST_RULES, warehouseRow } from '../../../support/pipelineFixtures.ts'

/** A row of the fixtures as the row check passes it on. */
export function checked(id: string, minute: number, extra: Record<string, unknown> = {}): CheckedRow {
  const row = warehouseRow(id, minute, extra)
  const verdict = checkRow(row)
  if (!verdict.ok) throw new Error(`fixture row ${id} breaks the contract: ${verdict.kind}`)
  return { event: verdict.event, adjusted: verdict.adjusted, row }
}

/** The candidate of the first test rule an event matches. */
export function candidate(id: string, minute: number, extra: Record<string, unknown> = {}) {
  const { event } = checked(id, minute, extra)
  const [match] = matchRules(event, TEST_RULES).matches
  if (!match) throw new Error(`fixture row ${id} matches no rule`)
  return candidateOf(event, match)
}

export const outcome = emptyOutcome
