import { existsSync } from 'node:fs'
import type { ActionKind } from '../../../shared/actions.ts'
import {
  ActionUnavailableError,
  type ActOutcome,
  MomentNotFoundError,
  momentActions,
} from '../../core/actions/momentActions.ts'
import { fixedToken } from '../../core/actions/salesforceTask.ts'
import { ConfigError } from '../../core/config/configErrors.ts'
import { loadConfig, type MomentsConfig } from '../../core/config/loadConfig.ts'
import type { CompiledRule } from '../../core/rules/compiledRule.ts'
import { loadRules } from '../../core/rules/loadRules.ts'
import { storeFailure } from '../../core/store/openStore.ts'
import { openMomentsStore, type Store } from '../../core/store/store.ts'
import { type CliContext, EXIT } from '../cliContext.ts'
import { failureExit } from '../failureExit.ts'
import { terminalText } from '../output/terminalText.ts'

export interface ActFlags {
  config?: string
  demo?: boolean
  email?: boolean
  log?: boolean
  done?: boolean
  noise?: boolean
  json?: boolean
}

/** The shortest start of an id `act` takes: shorter ones would match by accident. */
const MIN_ID_CHARS = 6

const DONE_TEXT: Record<ActionKind, string> = {
  email: 'Drafted an e-mail',
  log: 'Logged to Salesforce',
  done: 'Marked done',
  noise: 'Marked not useful',
}

/**
 * `moments act ID --email|--log|--done|--noise`: act on one moment of the history (its id, or the
 * start of it that `moments history` shows). `--email` prints the draft's `mailto:` URL on stdout
 * for the mail client (`xdg-open "$(moments act ID --email)"`); `--log` creates the Task with
 * `salesforce.accessToken`.
 */
export async function actCommand(idText: string, flags: ActFlags, ctx: CliContext): Promise<number> {
  let statePath: string | null = null
  let store: Store | null = null
  try {
    const kind = kindOf(flags)
    const config = loadConfig({ configFlag: flags.config, demo: flags.demo, env: ctx.env })
    statePath = config.statePath
    if (!existsSync(config.statePath)) {
      throw new ConfigError(`no history yet (${config.statePath} does not exist): run "moments run" first`)
    }
    const opened = openMomentsStore(config.statePath)
    store = opened
    const id = resolveId(opened, idText)
    let rules: readonly CompiledRule[] | null = null
    const actions = momentActions({
      store: () => opened,
      // Only a reach-out needs the rules (their templates): a broken rules file stops nothing else.
      rules: () => {
        rules ??= loadRules(config.rules)
        return rules
      },
      salesforce: () => salesforceOf(config),
    })
    const outcome = await actions.act(id, kind)
    report(id, kind, outcome, opened, flags, ctx)
    return EXIT.ok
  } catch (error) {
    if (error instanceof MomentNotFoundError) {
      ctx.stderr.write(`moments: ${error.message}\n`)
      return EXIT.usage
    }
    if (error instanceof ActionUnavailableError) {
      ctx.stderr.write(`moments: ${error.message} (set salesforce in moments.yaml; the demo has none)\n`)
      return EXIT.usage
    }
    return failureExit(statePath ? storeFailure(statePath, error) : error, ctx, 'cannot act on the moment')
  } finally {
    store?.close()
  }
}

function kindOf(flags: ActFlags): ActionKind {
  const chosen = (['email', 'log', 'done', 'noise'] as const).filter((kind) => flags[kind])
  if (chosen.length !== 1) throw new ConfigError('choose one of --email, --log, --done, --noise')
  return chosen[0] as ActionKind
}

function resolveId(store: Store, text: string): string {
  const id = text.trim().toLowerCase()
  if (store.moments.exists(id)) return id
  if (id.length < MIN_ID_CHARS) {
    throw new MomentNotFoundError(
      `no moment ${JSON.stringify(text)}: give its id, or at least ${MIN_ID_CHARS} characters of it`,
    )
  }
  const found = store.moments.idStartingWith(id)
  if (found === 'ambiguous')
    throw new MomentNotFoundError(`several moments start with ${id}: give more of the id`)
  if (found === null) throw new MomentNotFoundError(`no moment ${JSON.stringify(text)} in the history`)
  return found
}

function salesforceOf(config: MomentsConfig) {
  const salesforce = config.salesforce
  if (!salesforce) return null
  return {
    instanceUrl: salesforce.instanceUrl,
    apiVersion: salesforce.apiVersion,
    token: fixedToken(salesforce.accessToken),
  }
}

function report(
  id: string,
  kind: ActionKind,
  outcome: ActOutcome,
  store: Store,
  flags: ActFlags,
  ctx: CliContext,
) {
  const { action, already, mailto } = outcome
  if (flags.json) {
    ctx.stdout.write(
      `${JSON.stringify({ id, kind, at: action.at, ref: action.ref, already, ...(mailto ? { mailto: mailto.url, to: mailto.to } : {}) })}\n`,
    )
  } else if (mailto) {
    ctx.stdout.write(`${mailto.url}\n`)
  } else {
    const account = terminalText(store.moments.get(id)?.accountName ?? '', 80)
    const task = action.ref ? `: Task ${action.ref} on ${account}` : ''
    const when = already ? ` (already, ${action.at})` : ''
    ctx.stdout.write(`${DONE_TEXT[kind]}${task}${when}\n`)
  }
  if (mailto && !flags.json) {
    const to = mailto.to.length ? `to ${mailto.to.join(', ')}` : 'with no recipient (add one)'
    const from = mailto.recipients === 'contacts' ? " (the account's contacts in Salesforce)" : ''
    ctx.stderr.write(
      `${DONE_TEXT.email} ${to}${from}: open the link above in your mail client${mailto.cut ? '; the text was cut to fit a mailto: link' : ''}\n`,
    )
  }
  if (outcome.note) ctx.stderr.write(`moments: ${outcome.note}\n`)
}
