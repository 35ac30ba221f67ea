import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { MomentSummary } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'
import type { MomentPages } from './useMomentPages.ts'

/** Repeats fetched per click: a thread of hundreds opens on its newest, the rest on demand. */
export const THREAD_PAGE = 20

/** A line of the list: a moment (a thread's repeat at depth 1), or a thread's "show more". */
export type ListLine =
  | { kind: 'moment'; moment: MomentSummary; depth: 0 | 1 }
  | { kind: 'more'; threadId: string; remaining: number }

interface Thread {
  items: MomentSummary[]
  total: number
  loading: boolean
  error: string | null
}

export interface ThreadedRows {
  /** Lines in the list: the moments of the pages and the repeats of the open threads */
  count: number
  line(index: number): ListLine | undefined
  /** Fetches the pages that hold lines start..end */
  ensure(start: number, end: number): void
  isOpen(threadId: string): boolean
  toggle(threadId: string): void
  /** Fetches a thread's next repeats */
  more(threadId: string): void
  /** The line of a moment already loaded, to keep the cursor on it; null when none */
  indexOf(id: string): number | null
  /** Changes a moment's row, in a page or in a thread */
  patch(id: string, change: Partial<MomentSummary>): void
  error: string | null
}

/**
 * The history's threads: a delivered moment's repeats appear beneath it when its thread is open,
 * fetched a page at a time. Open threads are kept by id, so new moments above them (a poll) keep
 * them open where they moved; a filter change closes them all.
 */
export function useThreadedRows(pages: MomentPages, search: string | undefined): ThreadedRows {
  const [threads, setThreads] = useState(new Map<string, Thread>())
  const latest = useRef(threads)
  latest.current = threads

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search or filter starts with every thread closed (pages.refresh keeps them)
  useEffect(() => setThreads(new Map()), [search, pages.filterKey])

  const fetch = useCallback(
    (threadId: string, offset: number) => {
      setThreads((all) => withThread(all, threadId, (t) => ({ ...t, loading: true })))
      call('moments.thread', { id: threadId, search, offset, limit: THREAD_PAGE }).then(
        (answer) =>
          setThreads((all) =>
            all.has(threadId)
              ? withThread(all, threadId, (t) => ({
                  items: [...t.items.slice(0, offset), ...answer.items],
                  total: answer.total,
                  loading: false,
                  error: null,
                }))
              : all,
          ),
        (failure) =>
          setThreads((all) =>
            all.has(threadId)
              ? withThread(all, threadId, (t) => ({ ...t, loading: false, error: errorText(failure) }))
              : all,
          ),
      )
    },
    [search],
  )

  // Where each open thread's moment is among the pages, in list order.
  const open = useMemo(() => {
    void pages.version
    const placed: { head: number; id: string; lines: number }[] = []
    for (const [id, thread] of threads) {
      const head = pages.indexOf(id)
      if (head === null) continue
      const expected = pages.row(head)?.repeats?.count ?? thread.total
      const shown =
        thread.loading && thread.items.length === 0 ? Math.min(expected, THREAD_PAGE) : thread.items.length
      const more = !thread.loading && thread.items.length < thread.total ? 1 : 0
      placed.push({ head, id, lines: shown + more })
    }
    return placed.sort((a, b) => a.head - b.head)
  }, [threads, pages])

  const extra = open.reduce((n, t) => n + t.lines, 0)
  const count = (pages.total ?? 0) + extra

  /** A line's place: a page row, or the n-th line under an open thread. */
  const locate = useCallback(
    (index: number): { head: number } | { thread: string; at: number } => {
      let before = 0
      for (const t of open) {
        if (index <= t.head + before) break
        if (index <= t.head + before + t.lines) return { thread: t.id, at: index - t.head - before - 1 }
        before += t.lines
      }
      return { head: index - before }
    },
    [open],
  )

  const line = useCallback(
    (index: number): ListLine | undefined => {
      const place = locate(index)
      if ('head' in place) {
        const moment = pages.row(place.head)
        return moment ? { kind: 'moment', moment, depth: 0 } : undefined
      }
      const thread = threads.get(place.thread)
      if (!thread) return undefined
      const moment = thread.items[place.at]
      if (moment) return { kind: 'moment', moment, depth: 1 }
      if (thread.loading) return undefined
      return { kind: 'more', threadId: place.thread, remaining: thread.total - thread.items.length }
    },
    [locate, pages, threads],
  )

  const { ensure: ensurePages } = pages
  const ensure = useCallback(
    (start: number, end: number) => {
      const first = locate(start)
      const last = locate(end)
      const headOf = (p: typeof first) => ('head' in p ? p.head : (pages.indexOf(p.thread) ?? 0))
      ensurePages(headOf(first), headOf(last))
    },
    [locate, ensurePages, pages],
  )

  const toggle = useCallback(
    (threadId: string) => {
      if (latest.current.has(threadId)) {
        setThreads((all) => {
          const next = new Map(all)
          next.delete(threadId)
          return next
        })
        return
      }
      setThreads((all) => new Map(all).set(threadId, { items: [], total: 0, loading: true, error: null }))
      fetch(threadId, 0)
    },
    [fetch],
  )

  const more = useCallback(
    (threadId: string) => {
      const thread = latest.current.get(threadId)
      if (thread && !thread.loading) fetch(threadId, thread.items.length)
    },
    [fetch],
  )

  const indexOf = useCallback(
    (id: string): number | null => {
      const head = pages.indexOf(id)
      if (head !== null) {
        const before = open.filter((t) => t.head < head).reduce((n, t) => n + t.lines, 0)
        return head + before
      }
      let before = 0
      for (const t of open) {
        const at = threads.get(t.id)?.items.findIndex((m) => m.id === id) ?? -1
        if (at >= 0) return t.head + before + 1 + at
        before += t.lines
      }
      return null
    },
    [open, pages, threads],
  )

  const { patch: patchPages } = pages
  const patch = useCallback(
    (id: string, change: Partial<MomentSummary>) => {
      patchPages(id, change)
      setThreads((all) => {
        let next = all
        for (const [threadId, t] of all)
          if (t.items.some((m) => m.id === id))
            next = withThread(next, threadId, (x) => ({
              ...x,
              items: x.items.map((m) => (m.id === id ? { ...m, ...change } : m)),
            }))
        return next
      })
    },
    [patchPages],
  )

  const error = [...threads.values()].find((t) => t.error)?.error ?? null
  return {
    count,
    line,
    ensure,
    isOpen: (threadId) => threads.has(threadId),
    toggle,
    more,
    indexOf,
    patch,
    error,
  }
}

function withThread(
  all: Map<string, Thread>,
  id: string,
  change: (t: Thread) => Thread,
): Map<string, Thread> {
  const current = all.get(id) ?? { items: [], total: 0, loading: false, error: null }
  return new Map(all).set(id, change(current))
}
