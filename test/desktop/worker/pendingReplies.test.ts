import { describe, expect, it } from 'vitest'
import { pendingReplies } from '../../../main/desktop/worker/pendingReplies.ts'

describe('requests and their replies over a message channel', () => {
  it('matches each reply to its request by id, whatever the order', async () => {
    const replies = pendingReplies()
    const sent: number[] = []
    const a = replies.ask((id) => void sent.push(id))
    const b = replies.ask((id) => void sent.push(id))
    expect(sent).toEqual([1, 2])
    replies.settle({ id: 2, value: 'two' })
    replies.settle({ id: 1, error: 'refused' })
    await expect(b).resolves.toBe('two')
    await expect(a).rejects.toThrow('refused')
    replies.settle({ id: 99, value: 'nobody asked' })
  })

  it('fails a request it could not send at once, and every waiting one when the other side goes', async () => {
    const replies = pendingReplies()
    await expect(
      replies.ask(
        () => false,
        () => new Error('restarting'),
      ),
    ).rejects.toThrow('restarting')
    const waiting = replies.ask(() => true)
    replies.rejectAll(new Error('gone'))
    await expect(waiting).rejects.toThrow('gone')
  })
})
