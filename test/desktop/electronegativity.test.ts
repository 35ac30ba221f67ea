// Electronegativity over the app (main process, preload, windows): no finding that is not
// reviewed and justified in electronegativity.json, and no stale justification.
import { describe, expect, it } from 'vitest'
import { scanApp } from '../../scripts/electronegativity.ts'

describe('electronegativity', () => {
  it('finds nothing unreviewed in the app', async () => {
    const report = await scanApp()
    expect(report.parseErrors).toEqual([])
    expect(report.unjustified).toEqual([])
    expect(report.unused).toEqual([])
  }, 120_000)
})
