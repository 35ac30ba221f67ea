// What Redshift refuses that PostgreSQL takes, found in statements by PostgreSQL's own parser
// (libpg-query). The Redshift stand-in refuses a client's statement that uses any of it, and the
// shipped Redshift SQL is checked against the same list (test/warehouse/redshiftSql.test.ts).
//
// From Redshift's documentation: no arrays or array parameters (nor `= ANY (array)`), no JSON
// types or functions, no set-returning functions in FROM (generate_series, unnest), no
// STRING_AGG/ARRAY_AGG (LISTAGG … WITHIN GROUP instead, without an ORDER BY inside the call),
// no aggregate FILTER, no DISTINCT ON, no LATERAL, no ON CONFLICT or RETURNING, no CREATE INDEX,
// no CREATE MATERIALIZED VIEW IF NOT EXISTS, SET and SHOW only for Redshift's own parameters.
import { loadModule, parseSync } from 'libpg-query'

/** Redshift's configuration parameters (its Configuration reference): what SET and SHOW take. */
export const REDSHIFT_PARAMETERS = new Set([
  'analyze_threshold_percent',
  'cast_super_null_on_error',
  'datashare_break_glass_session_var',
  'datestyle',
  'default_geometry_encoding',
  'describe_field_name_in_uppercase',
  'downcase_delimited_identifier',
  'enable_case_sensitive_identifier',
  'enable_case_sensitive_super_attribute',
  'enable_numeric_rounding',
  'enable_result_cache_for_session',
  'enable_vacuum_boost',
  'error_on_nondeterministic_update',
  'extra_float_digits',
  'json_serialization_enable',
  'json_serialization_parse_nested_strings',
  'max_concurrency_scaling_clusters',
  'max_cursor_result_set_size',
  'mv_enable_aqmv_for_session',
  'navigate_super_null_on_error',
  'parse_super_null_on_error',
  'pg_federation_repeatable_read',
  'query_group',
  'search_path',
  'spectrum_enable_pseudo_columns',
  'spectrum_enable_spectrum_oid',
  'spectrum_query_maxerror',
  'statement_timeout',
  'stored_proc_log_min_messages',
  'timezone',
  'wlm_query_slot_count',
])

const PG_ONLY_FUNCTIONS = new Set([
  'string_agg',
  'array_agg',
  'array_to_string',
  'string_to_array',
  'array_length',
  'array_upper',
  'unnest',
  'generate_series',
  'make_interval',
  'to_json',
  'to_jsonb',
  'row_to_json',
  'json_agg',
  'jsonb_agg',
  'json_build_object',
  'jsonb_build_object',
  'json_object_agg',
  'jsonb_set',
  'regexp_matches',
  'regexp_split_to_table',
  'pg_sleep',
])

const PG_ONLY_TYPES = new Set(['json', 'jsonb', 'uuid', 'serial', 'bigserial', 'smallserial', 'xml', 'money'])

export interface RefusalOptions {
  /** Shipped DDL: TEXT is VARCHAR(256) on Redshift, so long text must say VARCHAR(n) */
  noText?: boolean
}

let loaded: Promise<void> | null = null

/** libpg-query compiles its WebAssembly once per process. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule()
  return loaded
}

/**
 * Why Redshift would refuse this SQL (empty: it would not, as far as this list goes). Text the
 * PostgreSQL parser cannot read is left to the server to refuse. Call loadParser() first.
 */
export function redshiftRefusals(sql: string, options: RefusalOptions = {}): string[] {
  let tree: unknown
  try {
    tree = parseSync(sql)
  } catch {
    return []
  }
  const found = new Set<string>()
  walk(tree, (type, node) => {
    const reason = refusal(type, node, options)
    if (reason) found.add(reason)
  })
  return [...found]
}

type AstNode = Record<string, unknown>

function walk(value: unknown, visit: (type: string, node: AstNode) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit)
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [key, child] of Object.entries(value)) {
    // Node types are capitalised keys ({ FuncCall: {...} }); a type name is a field (typeName).
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
      if (/^[A-Z]/.test(key)) visit(key, child as AstNode)
      else if (key === 'typeName') visit('TypeName', child as AstNode)
    }
    walk(child, visit)
  }
}

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return []
  return list.map((n) => String((n as { String?: { sval?: string } }).String?.sval ?? '').toLowerCase())
}

function refusal(type: string, node: AstNode, options: RefusalOptions): string | null {
  switch (type) {
    case 'FuncCall': {
      const name = names(node.funcname).at(-1) ?? ''
      if (PG_ONLY_FUNCTIONS.has(name) || /^jsonb?_/.test(name)) return `function ${name}`
      if (node.agg_filter) return 'aggregate FILTER (WHERE …)'
      if (Array.isArray(node.agg_order) && node.agg_order.length > 0 && !node.agg_within_group)
        return `ORDER BY inside ${name}(…) (LISTAGG takes WITHIN GROUP)`
      return null
    }
    case 'A_ArrayExpr':
    case 'ArrayExpr':
      return 'arrays'
    case 'A_Expr': {
      const kind = String(node.kind)
      if (kind === 'AEXPR_OP_ANY' || kind === 'AEXPR_OP_ALL') return '= ANY / ALL (array)'
      const op = names(node.name)[0] ?? ''
      if (['->', '->>', '#>', '#>>', '@>', '<@', '?', '?|', '?&'].includes(op)) return `operator ${op}`
      return null
    }
    case 'TypeName': {
      if (Array.isArray(node.arrayBounds) && node.arrayBounds.length > 0) return 'array types'
      const name = names(node.names).at(-1) ?? ''
      if (PG_ONLY_TYPES.has(name)) return `type ${name}`
      if (options.noText && name === 'text') return 'type TEXT (VARCHAR(256) on Redshift: say VARCHAR(n))'
      return null
    }
    case 'SelectStmt':
      if (
        Array.isArray(node.distinctClause) &&
        node.distinctClause.some((e) => Object.keys(e as object).length > 0)
      )
        return 'DISTINCT ON'
      return null
    case 'RangeSubselect':
      return node.lateral ? 'LATERAL' : null
    case 'RangeFunction':
      return node.lateral ? 'LATERAL' : 'a function in FROM'
    case 'InsertStmt':
      if (node.onConflictClause) return 'ON CONFLICT'
      if (Array.isArray(node.returningList) && node.returningList.length > 0) return 'RETURNING'
      return null
    case 'IndexStmt':
      return 'CREATE INDEX'
    case 'CreateTableAsStmt':
      return node.objtype === 'OBJECT_MATVIEW' && node.if_not_exists
        ? 'CREATE MATERIALIZED VIEW IF NOT EXISTS'
        : null
    case 'VariableSetStmt': {
      const name = String(node.name ?? '').toLowerCase()
      if (String(node.kind) === 'VAR_SET_MULTI' || !name) return `SET ${name || '(multi)'}`
      return REDSHIFT_PARAMETERS.has(name) ? null : `SET ${name}`
    }
    case 'VariableShowStmt': {
      const name = String(node.name ?? '').toLowerCase()
      return name === 'all' || REDSHIFT_PARAMETERS.has(name) ? null : `SHOW ${name}`
    }
    default:
      return null
  }
}
