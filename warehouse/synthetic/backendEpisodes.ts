// Backend jobs of a customer's systems: loads to outputs, new tables.
import { type Episode, type EpisodeContext, landingTimes } from './episodeContext.ts'
import { OUTPUTS, TABLES } from './vocabulary.ts'

export const BACKEND_EPISODES = {
  events_loaded(ctx) {
    const { random, account } = ctx
    // A trial is when a customer connects its outputs: a new destination is likelier there.
    const newDestination = random.chance(ctx.highlights ? 0.3 : account.crm.type === 'Trial' ? 0.03 : 0.01)
    const output = newDestination ? random.pick(OUTPUTS) : random.pick(account.outputs)
    const table = random.pick(TABLES.filter((t) => t.startsWith('out.')))
    const rows = Math.round(100 + random.next() ** 3 * 2_000_000)
    ctx.out.backend_logs.push({
      event_id: ctx.nextId('be'),
      ...landingTimes(ctx, 'backend', 'scheduled'),
      system_name: systemOf(ctx),
      event_kind: 'events_loaded',
      output_name: output,
      table_name: table,
      rows_loaded: rows,
      message: `Loaded ${rows.toLocaleString('en-US')} rows of ${table} to ${output}`,
    })
  },

  table_created(ctx) {
    const table = ctx.random.pick(TABLES)
    ctx.out.backend_logs.push({
      event_id: ctx.nextId('be'),
      ...landingTimes(ctx, 'backend', 'scheduled'),
      system_name: systemOf(ctx),
      event_kind: 'table_created',
      output_name: null,
      table_name: table,
      rows_loaded: null,
      message: `Created table ${table}`,
    })
  },
} satisfies Record<string, Episode>

/** A system of the account, or for a broken row one that systems_to_accounts does not know. */
function systemOf(ctx: EpisodeContext): string {
  return ctx.broken()
    ? `legacy-${ctx.account.emailDomain.replace('.com', '')}`
    : ctx.random.pick(ctx.account.systems)
}
