// An OpenChannel for tests of the outbox machinery itself: it sends wherever the test says.
import type { OpenChannel } from '../../main/core/channels/channel.ts'
import { errorMessage } from '../../shared/errorMessage.ts'

export function testChannel<M>(
  channel: Partial<OpenChannel<M>> & Pick<OpenChannel<M>, 'destination' | 'compose'>,
) {
  const opened: OpenChannel<M> = {
    type: channel.destination.slice(0, channel.destination.indexOf(':')),
    label: 'Test',
    timing: { paceMs: 0, maxAgeMs: 86_400_000, timeoutMs: 10_000, drainTimeoutMs: 30_000 },
    send: async () => ({ ref: null }),
    classify: (error) => ({ kind: 'retry', reason: errorMessage(error) }),
    ...channel,
  }
  return opened
}
