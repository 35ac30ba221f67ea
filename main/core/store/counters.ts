import type { Db } from './openStore.ts'

export interface Counter {
  scope: string
  kind: string
  count: number
  lastAt: number
  example: string | null
}

/** Skipped rows and failing rule expressions, counted so `doctor` can show what was lost and why. */
export function countersRepo(db: Db) {
  const bump = db.prepare(
    `INSERT INTO counters (scope, kind, count, last_at, example) VALUES (@scope, @kind, @by, @now, @example)
     ON CONFLICT (scope, kind) DO UPDATE SET count = count + @by, last_at = @now, example = @example`,
  )
  const list = db.prepare<
    [],
    { scope: string; kind: string; count: number; last_at: number; example: string | null }
  >('SELECT scope, kind, count, last_at, example FROM counters ORDER BY scope, kind')
  return {
    add(scope: string, kind: string, by: number, example: string | null, now: number): void {
      bump.run({ scope, kind, by, now, example: example?.slice(0, 500) ?? null })
    },
    list: (): Counter[] =>
      list.all().map((r) => ({
        scope: r.scope,
        kind: r.kind,
        count: r.count,
        lastAt: r.last_at,
        example: r.example,
      })),
  }
}
