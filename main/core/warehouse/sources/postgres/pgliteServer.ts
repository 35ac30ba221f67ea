/**
 * SQL that is true on a real PostgreSQL server and false on PGlite (the demo's warehouse, which
 * serves every client of its socket on one shared session, in the laptop's own process). Asked in a
 * statement a session runs anyway, it costs no round trip.
 */
export const NOT_PGLITE = `position('PGlite' IN version()) = 0`
