import { checkRow } from '../../warehouse/rowContract.ts'
import type { BatchContext } from '../batchContext.ts'
import type { BatchOutcome } from '../batchOutcome.ts'
import { rowFingerprint } from './rowFingerprint.ts'
import type { CheckedRow } from './stage.ts'

/**
 * The row contract: a row that breaks it is skipped and counted by kind, never a crash, and the
 * rest of the batch goes on. A bad row seen again through the lookback is not counted twice.
 */
export function checkRows(
  rows: readonly Record<string, unknown>[],
  ctx: BatchContext,
  outcome: BatchOutcome,
): CheckedRow[] {
  const checked: CheckedRow[] = []
  for (const row of rows) {
    const verdict = checkRow(row, { heldAfter: ctx.heldAfter })
    if (verdict.ok) {
      checked.push({ event: verdict.event, adjusted: verdict.adjusted, row })
      continue
    }
    // Its sighting is kept as long as polls can bring it back: a row loaded in the future (or at a
    // time that can't be read, such as infinity) comes back on every poll until then.
    const keepUntil = Math.max(ctx.now, verdict.loadedAtMs ?? Number.MAX_SAFE_INTEGER)
    if (ctx.store.seen.sight(`bad:${rowFingerprint(row)}`, keepUntil) !== 'new') continue
    outcome.skipped[verdict.kind] = (outcome.skipped[verdict.kind] ?? 0) + 1
    ctx.note(`row:${verdict.kind}`, `skipped a warehouse row that breaks the contract: ${verdict.kind}`, {
      eventId: verdict.eventId,
    })
  }
  return checked
}
