import { readFileSync } from 'node:fs'
import { parseSync } from 'libpg-query'
import { beforeAll, describe, expect, it } from 'vitest'
import { splitSqlStatements } from '../../warehouse/synthetic/index.ts'
import { loadParser, redshiftRefusals } from '../support/redshiftStandIn/redshiftSql.ts'

// The shipped Redshift SQL (warehouse/redshift/), checked without a cluster: PostgreSQL's own
// parser reads every statement once Redshift's table attributes (DISTSTYLE, DISTKEY, SORTKEY,
// AUTO REFRESH, BACKUP) and LISTAGG's DISTINCT — Redshift syntax PostgreSQL's grammar lacks — are
// checked by pattern and set aside, and nothing in it is on the list of what Redshift refuses
// (the Redshift stand-in's list, plus TEXT, which Redshift makes VARCHAR(256)).

const FILES = ['schema.sql', 'account_domains.sql', 'enriched_events.sql']
const EVENT_TABLES = ['webserver_events', 'backend_logs', 'website_events', 'zabbix_alerts']
const read = (path: string) => readFileSync(new URL(`../../warehouse/${path}`, import.meta.url), 'utf8')

interface Attributes {
  distStyle?: string
  distKey?: string
  sortKey?: { style: string; columns: string[] }
  autoRefresh?: string
}

const ATTRIBUTE =
  /^\s*(?:DISTSTYLE\s+(ALL|EVEN|AUTO|KEY)|DISTKEY\s*\(\s*(\w+)\s*\)|(?:(COMPOUND|INTERLEAVED)\s+)?SORTKEY\s*\(([\w\s,]+)\)|BACKUP\s+(?:YES|NO)|AUTO\s+REFRESH\s+(YES|NO))/i

/** Takes Redshift's attributes off the front of `text`, one after the other; what is left. */
function takeAttributes(text: string, into: Attributes): string {
  let rest = text
  for (let match = ATTRIBUTE.exec(rest); match; match = ATTRIBUTE.exec(rest)) {
    if (match[1]) into.distStyle = match[1].toUpperCase()
    if (match[2]) into.distKey = match[2]
    if (match[4])
      into.sortKey = {
        style: (match[3] ?? 'COMPOUND').toUpperCase(),
        columns: match[4].split(',').map((c) => c.trim()),
      }
    if (match[5]) into.autoRefresh = match[5].toUpperCase()
    rest = rest.slice(match[0].length)
  }
  return rest
}

/** The statement as PostgreSQL would parse it, and the Redshift attributes it had. */
function setAside(statement: string): { sql: string; attributes: Attributes } {
  const attributes: Attributes = {}
  let sql = statement.replace(/LISTAGG\s*\(\s*DISTINCT\s+/gi, 'LISTAGG(')
  if (/^\s*CREATE TABLE/i.test(sql)) {
    const close = closingParen(sql, sql.indexOf('('))
    const tail = takeAttributes(sql.slice(close + 1), attributes)
    expect(tail.trim(), `unknown table attributes in: ${statement.slice(0, 60)}`).toBe('')
    sql = sql.slice(0, close + 1)
  }
  const view = /^(\s*CREATE MATERIALIZED VIEW\s+\w+)([\s\S]*?)(\bAS\b[\s\S]*)$/i.exec(sql)
  if (view) {
    const between = takeAttributes(view[2] as string, attributes)
    expect(between.trim(), `unknown view attributes in: ${statement.slice(0, 60)}`).toBe('')
    sql = `${view[1]} ${view[3]}`
  }
  return { sql, attributes }
}

function closingParen(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return i
  }
  throw new Error('unbalanced parentheses')
}

// biome-ignore lint/suspicious/noExplicitAny: libpg-query's parse tree is walked by hand here, key by key, as plain JSON
type Ast = Record<string, any>

function statementOf(sql: string): Ast {
  return (parseSync(sql) as Ast).stmts[0].stmt
}

/** Column names a CREATE TABLE defines or a query returns. */
function columnsOf(stmt: Ast): string[] {
  if (stmt.CreateStmt)
    return stmt.CreateStmt.tableElts.flatMap((e: Ast) => (e.ColumnDef ? [e.ColumnDef.colname] : []))
  const query = stmt.CreateTableAsStmt?.query ?? stmt.ViewStmt?.query
  let select = query.SelectStmt
  while (select.larg) select = select.larg
  return select.targetList.map(
    (t: Ast) => t.ResTarget.name ?? t.ResTarget.val.ColumnRef.fields.at(-1).String.sval,
  )
}

function nameOf(stmt: Ast): string {
  return (
    stmt.CreateStmt?.relation.relname ??
    stmt.CreateTableAsStmt?.into.rel.relname ??
    stmt.ViewStmt?.view.relname
  )
}

const shipped = () =>
  FILES.flatMap((file) =>
    splitSqlStatements(read(`redshift/${file}`)).map((statement) => ({
      file,
      statement,
      ...setAside(statement),
    })),
  )

beforeAll(() => loadParser())

describe('the Redshift SQL in warehouse/redshift/', () => {
  it('parses with PostgreSQL’s parser, Redshift’s attributes aside, and uses nothing Redshift refuses', () => {
    const statements = shipped()
    expect(statements.length).toBe(9)
    for (const { file, sql } of statements) {
      expect(() => parseSync(sql), `${file}: ${sql.slice(0, 80)}`).not.toThrow()
      expect(redshiftRefusals(sql, { noText: true }), `${file}: ${sql.slice(0, 80)}`).toEqual([])
    }
  })

  it('sorts every event table on the poll’s keyset, and puts the joined small tables on every node', () => {
    const tables = new Map(shipped().map((s) => [nameOf(statementOf(s.sql)), s.attributes]))
    for (const table of EVENT_TABLES) {
      expect(tables.get(table)?.sortKey, table).toEqual({
        style: 'COMPOUND',
        columns: ['loaded_at', 'event_id'],
      })
    }
    for (const table of ['accounts', 'systems_to_accounts', 'account_domains'])
      expect(tables.get(table)?.distStyle, table).toBe('ALL')
    // The two tables the view joins by e-mail address are distributed on it.
    expect(tables.get('webserver_events')?.distKey).toBe('user_email')
    expect(tables.get('website_events')?.distKey).toBe('visitor_email')
    expect(tables.get('account_domains')?.autoRefresh).toBe('YES')
  })

  it('names only real columns in its sort and distribution keys', () => {
    for (const { sql, attributes } of shipped()) {
      const stmt = statementOf(sql)
      const columns = columnsOf(stmt)
      for (const key of [
        ...(attributes.sortKey?.columns ?? []),
        ...(attributes.distKey ? [attributes.distKey] : []),
      ])
        expect(columns, `${nameOf(stmt)}: ${key}`).toContain(key)
    }
  })

  it('creates the same tables, columns and view columns as the PostgreSQL reference', () => {
    const reference = ['schema.sql', 'enriched_events.sql'].flatMap((file) => splitSqlStatements(read(file)))
    const shape = (statements: string[]) =>
      Object.fromEntries(
        statements.map((sql) => {
          const stmt = statementOf(sql)
          return [nameOf(stmt), columnsOf(stmt)]
        }),
      )
    expect(shape(shipped().map((s) => s.sql))).toEqual(shape(reference))
  })

  it('would catch what Redshift refuses: the PostgreSQL reference SQL fails the same check', () => {
    const refused = ['schema.sql', 'enriched_events.sql', 'indexes.sql'].flatMap((file) =>
      splitSqlStatements(read(file)).flatMap((sql) => redshiftRefusals(sql, { noText: true })),
    )
    expect(new Set(refused)).toEqual(
      new Set([
        'type TEXT (VARCHAR(256) on Redshift: say VARCHAR(n))',
        'CREATE MATERIALIZED VIEW IF NOT EXISTS',
        'function string_agg',
        'CREATE INDEX',
      ]),
    )
  })
})
