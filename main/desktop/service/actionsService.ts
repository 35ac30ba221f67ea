import type { ActionKind } from '../../../shared/actions.ts'
import type { ActResult, Request, Response } from '../../../shared/ipc/contract.ts'
import type { MomentActions } from '../../core/actions/momentActions.ts'
import { ruleUsage } from '../../core/actions/ruleUsage.ts'
import type { Store } from '../../core/store/store.ts'

/** The detail pane's actions on a moment, and per rule what its moments led to (Preview rules). */
export function createActionsService(deps: {
  store: () => Store
  actions: MomentActions
  clock?: () => number
}) {
  const clock = deps.clock ?? Date.now
  return {
    async act(id: string, kind: ActionKind): Promise<ActResult> {
      const outcome = await deps.actions.act(id, kind)
      return {
        action: outcome.action,
        already: outcome.already,
        actions: deps.store().actions.of(id),
        // The URL itself stays in the worker and main: the window learns whom the draft is for.
        ...(outcome.mailto
          ? {
              draft: {
                to: outcome.mailto.to,
                recipients: outcome.mailto.recipients,
                cut: outcome.mailto.cut,
              },
            }
          : {}),
        ...(outcome.note ? { note: outcome.note } : {}),
      }
    },
    usage(request: Request<'rules.usage'>): Response<'rules.usage'> {
      const untilMs = request.untilMs ?? clock()
      return {
        usage: ruleUsage(deps.store(), { sinceMs: request.sinceMs, untilMs }),
        sinceMs: request.sinceMs,
        untilMs,
      }
    },
  }
}
