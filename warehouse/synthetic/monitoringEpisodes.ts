// Monitoring alerts about a customer's input connections.
import { type Episode, type EpisodeContext, landingTimes } from './episodeContext.ts'
import { MONITORING_HOSTS } from './vocabulary.ts'

export const MONITORING_EPISODES = {
  connection_interrupted(ctx) {
    const { random, account } = ctx
    const input = random.pick(account.inputs)
    alert(
      ctx,
      'connection_interrupted',
      random.weighted([
        ['high', 6],
        ['average', 3],
        ['disaster', 1],
      ] as const),
      input,
      `Connection to ${input} interrupted: no response for ${random.int(2, 15)} min`,
    )
  },

  latency_detected(ctx) {
    const { random, account } = ctx
    const input = random.pick(account.inputs)
    alert(
      ctx,
      'latency_detected',
      random.weighted([
        ['warning', 3],
        ['average', 1],
      ] as const),
      input,
      `Latency above ${random.int(2, 9)} s on ${input} for ${random.int(5, 30)} min`,
    )
  },
} satisfies Record<string, Episode>

function alert(
  ctx: EpisodeContext,
  type: string,
  severity: string,
  input: string,
  description: string,
): void {
  ctx.out.zabbix_alerts.push({
    event_id: ctx.nextId('zbx'),
    ...landingTimes(ctx, 'monitoring', 'any'),
    host: ctx.random.pick(MONITORING_HOSTS),
    system_name: ctx.broken() ? null : ctx.random.pick(ctx.account.systems),
    alert_type: type,
    severity,
    input_name: input,
    description,
  })
}
