// Requests sent over a message channel and their replies, matched by id: main's invokes of the
// worker and the worker's requests to main use the same one. Node-only, no `electron` import.

export interface Reply {
  id: number
  value?: unknown
  /** Set when the other side failed */
  error?: string
}

export function pendingReplies() {
  let nextId = 1
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  return {
    /**
     * Sends a request under a fresh id and waits for its reply. `send` returns false when it could
     * not send (nobody listening): the request then fails at once with `notSent()`.
     */
    ask(send: (id: number) => boolean | undefined, notSent: () => Error = () => new Error('not sent')) {
      const id = nextId++
      return new Promise<unknown>((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        if (send(id) === false) {
          waiting.delete(id)
          reject(notSent())
        }
      })
    },
    /** A reply came: its request resolves, or rejects with the other side's error. Unknown ids are ignored. */
    settle(reply: Reply): void {
      const request = waiting.get(reply.id)
      waiting.delete(reply.id)
      if (reply.error !== undefined) request?.reject(new Error(reply.error))
      else request?.resolve(reply.value)
    },
    /** The other side is gone: every request still waiting fails with `error`. */
    rejectAll(error: Error): void {
      for (const [, request] of waiting) request.reject(error)
      waiting.clear()
    },
  }
}
