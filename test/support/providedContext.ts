// What the global setup hands to every test file through vitest's provide/inject.

export interface TestPostgres {
  /** postgres://… of the PostgreSQL 15 server's `postgres` database, superuser, trust auth */
  adminUrl: string
  host: string
  port: number
  user: string
  /** A PGlite data directory initialised once per run; copy it, never open it in place */
  pgliteTemplateDir: string
  /** Scratch directory of this test run, removed at teardown */
  scratchDir: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    pg: TestPostgres
  }
}
