import { afterEach, describe, expect, it, vi } from 'vitest'
import { catchUpProgress } from '../../../main/cli/output/catchUpProgress.ts'

const FROM = Date.parse('2026-11-01T00:00:00Z')
const TO = Date.parse('2026-11-11T00:00:00Z')

describe('the catch-up progress bar', () => {
  const written: string[] = []
  const isTTY = process.stderr.isTTY

  afterEach(() => {
    vi.restoreAllMocks()
    process.stderr.isTTY = isTTY
    written.length = 0
  })

  function onATerminal() {
    // cli-progress draws only on a terminal.
    process.stderr.isTTY = true
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
  }

  it('appears once a catch-up passes 5,000 rows, with how far it got in warehouse time', () => {
    onATerminal()
    const progress = catchUpProgress(true)
    progress.update({ rows: 4_000, from: FROM, to: TO, at: FROM + (TO - FROM) / 10 })
    expect(written.join('')).toBe('')
    progress.update({ rows: 6_000, from: FROM, to: TO, at: FROM + (TO - FROM) / 2 })
    progress.stop()
    const drawn = written.join('')
    expect(drawn).toMatch(/catching up \[.*\] 50% \| 6000 rows \| at 2026-11-06 00:00/)
  })

  it('stays away when disabled (a pipe, or --json)', () => {
    onATerminal()
    const progress = catchUpProgress(false)
    progress.update({ rows: 60_000, from: FROM, to: TO, at: TO })
    progress.stop()
    expect(written.join('')).toBe('')
  })
})
