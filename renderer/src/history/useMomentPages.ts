import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { HistoryFilter, MomentSummary } from '../../../shared/ipc/contract.ts'
import { call, errorText } from '../bridge.ts'

const PAGE_SIZE = 100

export interface MomentPages {
  /** null until the first page answered */
  total: number | null
  /** The total is a lower bound: there are more than it says */
  totalAtLeast: boolean
  loading: boolean
  error: string | null
  row(index: number): MomentSummary | undefined
  /** Fetches the pages that hold rows start..end that are not there yet */
  ensure(start: number, end: number): void
  /** New moments arrived: re-read what is on screen, keep showing the old rows meanwhile */
  refresh(): void
  patch(id: string, change: Partial<MomentSummary>): void
  /** The index of a loaded moment; null when it is in no page loaded */
  indexOf(id: string): number | null
  /** Changes whenever a page arrives, so the list re-renders */
  version: number
  /** Stands for the filter the pages are of */
  filterKey: string
}

/**
 * The history as pages of 100 fetched on demand by offset: the window holds what was scrolled
 * past, never the whole history, and a filter change drops everything of the old filter.
 */
export function useMomentPages(filter: HistoryFilter): MomentPages {
  const key = JSON.stringify(filter)
  const pages = useRef(new Map<number, MomentSummary[]>())
  const stale = useRef(new Map<number, MomentSummary[]>())
  const pending = useRef(new Set<string>())
  const generation = useRef(0)
  const lastRange = useRef<[number, number]>([0, 0])
  const [total, setTotal] = useState<number | null>(null)
  const [totalAtLeast, setTotalAtLeast] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [version, setVersion] = useState(0)

  // `key` stands for the filter: same content, same callback
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the filter's content; the object itself may be new on every render and would refetch
  const fetchPage = useCallback(
    (page: number) => {
      const gen = generation.current
      const ticket = `${gen}:${page}`
      if (pending.current.has(ticket)) return
      pending.current.add(ticket)
      call('moments.list', { filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (answer) => {
          pending.current.delete(ticket)
          if (gen !== generation.current) return
          pages.current.set(page, answer.items)
          setTotal(answer.total)
          setTotalAtLeast(answer.totalAtLeast === true)
          setError(null)
          setLoading(false)
          setVersion((v) => v + 1)
        },
        (failure) => {
          pending.current.delete(ticket)
          if (gen !== generation.current) return
          setError(errorText(failure))
          setLoading(false)
        },
      )
    },
    [key],
  )

  useEffect(() => {
    generation.current++
    pages.current = new Map()
    stale.current = new Map()
    lastRange.current = [0, 0]
    setTotal(null)
    setLoading(true)
    setError(null)
    fetchPage(0)
  }, [fetchPage])

  const ensure = useCallback(
    (start: number, end: number) => {
      lastRange.current = [start, end]
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) {
        if (!pages.current.has(page)) fetchPage(page)
      }
    },
    [fetchPage],
  )

  const refresh = useCallback(() => {
    generation.current++
    stale.current = new Map([...stale.current, ...pages.current])
    pages.current = new Map()
    const [start, end] = lastRange.current
    fetchPage(0)
    for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) {
      if (page !== 0) fetchPage(page)
    }
  }, [fetchPage])

  const row = useCallback((index: number) => {
    const page = Math.floor(index / PAGE_SIZE)
    return (pages.current.get(page) ?? stale.current.get(page))?.[index % PAGE_SIZE]
  }, [])

  const patch = useCallback((id: string, change: Partial<MomentSummary>) => {
    for (const map of [pages.current, stale.current]) {
      for (const [page, items] of map) {
        if (items.some((m) => m.id === id))
          map.set(
            page,
            items.map((m) => (m.id === id ? { ...m, ...change } : m)),
          )
      }
    }
    setVersion((v) => v + 1)
  }, [])

  const indexOf = useCallback((id: string) => {
    for (const map of [pages.current, stale.current]) {
      for (const [page, items] of map) {
        const at = items.findIndex((m) => m.id === id)
        if (at >= 0) return page * PAGE_SIZE + at
      }
    }
    return null
  }, [])

  // A new object when a page arrives (`version`), so what reads the rows renders again.
  return useMemo(
    () => ({
      total,
      totalAtLeast,
      loading,
      error,
      row,
      ensure,
      refresh,
      patch,
      indexOf,
      version,
      filterKey: key,
    }),
    [total, totalAtLeast, loading, error, row, ensure, refresh, patch, indexOf, version, key],
  )
}
