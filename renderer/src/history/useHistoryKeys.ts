import { type RefObject, useEffect, useRef } from 'react'

export interface HistoryKeys {
  move(by: number): void
  moveTo(index: number): void
  open(): void
  close(): boolean
  /** → and ←: open or close the thread of the moment at the cursor */
  openThread(): void
  closeThread(): void
  searchRef: RefObject<HTMLInputElement | null>
  onSearchEscape(): void
  pageSize: number
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT'])

/**
 * ↑/↓ (j/k) move, Enter opens, →/← open and close a thread of repeats, `/` searches, Esc closes or
 * leaves the search, Home/End/PgUp/PgDn.
 */
export function useHistoryKeys(keys: HistoryKeys): void {
  const latest = useRef(keys)
  latest.current = keys
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const k = latest.current
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      const target = event.target as HTMLElement
      const inSearch = target === k.searchRef.current
      const typing = TYPING.has(target.tagName) && !inSearch
      if (typing) return
      const handled = (() => {
        if (inSearch) {
          if (event.key === 'Escape') k.onSearchEscape()
          else if (event.key === 'ArrowDown' || event.key === 'Enter') {
            k.searchRef.current?.blur()
            k.moveTo(0)
            if (event.key === 'Enter') k.open()
          } else return false
          return true
        }
        switch (event.key) {
          case '/':
            k.searchRef.current?.focus()
            k.searchRef.current?.select()
            return true
          case 'ArrowDown':
          case 'j':
            k.move(1)
            return true
          case 'ArrowUp':
          case 'k':
            k.move(-1)
            return true
          case 'ArrowRight':
            k.openThread()
            return true
          case 'ArrowLeft':
            k.closeThread()
            return true
          case 'PageDown':
            k.move(k.pageSize)
            return true
          case 'PageUp':
            k.move(-k.pageSize)
            return true
          case 'Home':
            k.moveTo(0)
            return true
          case 'End':
            k.moveTo(Number.MAX_SAFE_INTEGER)
            return true
          case 'Enter':
            if (target.tagName === 'BUTTON' || target.tagName === 'A') return false
            k.open()
            return true
          case 'Escape':
            return k.close()
          default:
            return false
        }
      })()
      if (handled) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
