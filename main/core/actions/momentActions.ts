/**
 * Acting on a moment, for the CLI (`moments act`) and the desktop (the history's detail pane, a
 * notification's buttons): reach out (draft an e-mail), log to Salesforce (a completed Task), done,
 * not useful. Each action is recorded on the moment with its time (and the Task Id), and marks
 * the moment read, in one transaction, only once the action itself has succeeded: a Task that
 * Salesforce refused leaves the moment as it was.
 */
import type { ActionKind, MomentAction } from '../../../shared/actions.ts'
import { errorMessage } from '../../../shared/errorMessage.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import type { StoredMoment } from '../store/moments.ts'
import type { Store } from '../store/store.ts'
import { accountContacts } from './accountContacts.ts'
import { mailtoUrl } from './mailtoUrl.ts'
import { reachOutDraft } from './reachOutDraft.ts'
import { logTask, type SalesforceAccess, withSalesforce } from './salesforceTask.ts'

export interface MomentActionsDeps {
  store: () => Store
  /** The rules loaded now: their `reachOut` templates */
  rules: () => readonly CompiledRule[]
  /**
   * The user's Salesforce session; null when there is none. May throw ActionUnavailableError
   * to say why there is none (the demo)
   */
  salesforce: () => SalesforceAccess | null
  /**
   * Hands the drafted e-mail to the mail client (the desktop: the main process opens it); absent,
   * the caller shows the URL (the CLI prints it)
   */
  openMailto?: (url: string) => Promise<void>
  clock?: () => number
}

export interface ActOutcome {
  action: MomentAction
  /** The action was taken before (a Task already logged, done already): nothing new happened */
  already: boolean
  /** `email`: the drafted e-mail */
  mailto?: { url: string; to: string[]; cut: boolean; recipients: 'event' | 'contacts' | 'none' }
  /** `email`: why the draft has no recipient, when the account's contacts could not be read */
  note?: string
}

/** Asked to act on a moment the store does not have. */
export class MomentNotFoundError extends Error {
  override name = 'MomentNotFoundError'
}

/** The action needs something the setup lacks (no Salesforce session for a log). */
export class ActionUnavailableError extends Error {
  override name = 'ActionUnavailableError'
}

/** The session when there is one; a reach-out without one simply has no contacts to offer. */
function available(salesforce: () => SalesforceAccess | null): SalesforceAccess | null {
  try {
    return salesforce()
  } catch (error) {
    if (error instanceof ActionUnavailableError) return null
    throw error
  }
}

export function momentActions(deps: MomentActionsDeps) {
  const clock = deps.clock ?? Date.now
  // A second click while a Task is being created would create a second one.
  const logging = new Map<string, Promise<ActOutcome>>()

  function moment(id: string): StoredMoment {
    const found = deps.store().moments.get(id)
    if (!found) throw new MomentNotFoundError(`no moment ${id} in the history`)
    return found
  }

  /** Records the action and marks the moment read, together. */
  function record(momentId: string, kind: ActionKind, ref: string | null = null): MomentAction {
    const store = deps.store()
    const at = clock()
    return store.transaction(() => {
      store.moments.markRead(momentId, at)
      return store.actions.add(momentId, kind, at, ref)
    })
  }

  async function reachOut(m: StoredMoment): Promise<ActOutcome> {
    const rule = deps.rules().find((r) => r.id === m.rule) ?? null
    const draft = reachOutDraft(m, rule)
    let recipients: 'event' | 'contacts' | 'none' = 'event'
    let mail = mailtoUrl(draft)
    let note: string | undefined
    if (mail.to.length === 0) {
      recipients = 'none'
      const salesforce = available(deps.salesforce)
      if (salesforce) {
        try {
          const contacts = await withSalesforce(salesforce, (session) =>
            accountContacts(session, m.accountId),
          )
          mail = mailtoUrl({ ...draft, to: contacts.map((c) => c.email) })
          if (mail.to.length > 0) recipients = 'contacts'
        } catch (error) {
          note = `the account's contacts could not be read from Salesforce (${errorMessage(error)}): add the recipients yourself`
        }
      }
    }
    await deps.openMailto?.(mail.url)
    return {
      action: record(m.id, 'email'),
      already: false,
      mailto: { url: mail.url, to: mail.to, cut: mail.cut, recipients },
      ...(note ? { note } : {}),
    }
  }

  async function logToSalesforce(m: StoredMoment): Promise<ActOutcome> {
    const logged = deps.store().actions.latest(m.id, 'log')
    if (logged) return { action: logged, already: true }
    const salesforce = deps.salesforce()
    if (!salesforce)
      throw new ActionUnavailableError('Salesforce is not connected: sign in to log to Salesforce')
    const taskId = await logTask(salesforce, m, clock())
    return { action: record(m.id, 'log', taskId), already: false }
  }

  return {
    async act(momentId: string, kind: ActionKind): Promise<ActOutcome> {
      const m = moment(momentId)
      switch (kind) {
        case 'email':
          return reachOut(m)
        case 'log': {
          const running = logging.get(m.id)
          if (running) return running
          const work = logToSalesforce(m).finally(() => logging.delete(m.id))
          logging.set(m.id, work)
          return work
        }
        case 'done':
        case 'noise': {
          const before = deps.store().actions.latest(m.id, kind)
          if (before) return { action: before, already: true }
          return { action: record(m.id, kind), already: false }
        }
      }
    },
  }
}

export type MomentActions = ReturnType<typeof momentActions>
