import { Environment } from '@marcbachmann/cel-js'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { asWritten, linearMatchesSource, withLinearMatches } from './linearMatches.ts'

// `when` is CEL over `event` (a map of the row's columns) and `account` (the account's fields from
// Salesforce, typed by `accountContext.ts`). CEL is not Turing-complete and has no side effects, so
// a rule file from a data team can't run code on a laptop.

const environment = withLinearMatches(
  new Environment({ unlistedVariablesAreDyn: false })
    .registerVariable('event', 'map')
    .registerVariable('account', 'map'),
)

/** The parsed expression, for reading its syntax tree (see accountFieldsUsed.ts). */
export function parseCondition(expression: string) {
  return environment.parse(expression)
}

export type ConditionResult = { ok: true; matched: boolean } | { ok: false; error: string }

/** What a condition sees: `event.<column>` and `account.<Field>`. */
export interface ConditionInput {
  event: Record<string, unknown>
  account: Record<string, unknown>
}

export interface CelCondition {
  evaluate(input: ConditionInput): ConditionResult
  /**
   * The equalities the expression starts with (`event.source == "webserver" && …`): an event whose
   * column holds other text is no match without running the expression (see `leadingEqualities`).
   */
  requires: readonly EventEquality[]
}

/** `event.<column> == "<text>"` */
export interface EventEquality {
  column: string
  text: string
}

/** Throws a readable reason when the expression doesn't parse or can't be a boolean. */
export function compileCondition(expression: string): CelCondition {
  // Checked as written first, so a syntax error is reported before anything about its patterns.
  const written = environment.check(expression)
  if (!written.valid) throw new Error(firstLine(asWritten(written.error?.message ?? 'invalid expression')))
  const source = linearMatchesSource(expression)
  const checked = environment.check(source)
  if (!checked.valid) throw new Error(firstLine(asWritten(checked.error?.message ?? 'invalid expression')))
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    throw new Error(`must be a boolean expression, but it gives ${checked.type}`)
  }
  const program = environment.parse(source)
  return {
    requires: leadingEqualities(program.ast),
    evaluate(input) {
      try {
        const value = program({ event: input.event, account: input.account })
        if (typeof value !== 'boolean') return { ok: false, error: `gave ${typeName(value)}, not a boolean` }
        return { ok: true, matched: value }
      } catch (error) {
        return { ok: false, error: firstLine(asWritten(errorMessage(error))) }
      }
    },
  }
}

/**
 * The comparisons of an event column with a text literal that open the expression's top-level
 * `&&` chain, before anything else. CEL evaluates `&&` from the left and stops at the first false:
 * when the column holds a string other than the literal, that comparison is false, no error is
 * possible, and so is the whole expression, whatever follows it. Only the opening ones count: a
 * later one is reached only if what comes before it does not fail, which is the expression's to
 * say. The event's timestamps are not columns here (rules see them as timestamps, not text).
 */
export function leadingEqualities(ast: unknown): EventEquality[] {
  const conjuncts: unknown[] = []
  let node = ast
  // `a && b && c` parses as `(a && b) && c`: the opening terms are down the left side.
  while (isNode(node) && node.op === '&&' && Array.isArray(node.args)) {
    conjuncts.unshift(node.args[1])
    node = node.args[0]
  }
  conjuncts.unshift(node)
  const found: EventEquality[] = []
  for (const conjunct of conjuncts) {
    const equality = eventEquality(conjunct)
    if (!equality) break
    found.push(equality)
  }
  return found
}

interface AstNode {
  op: string
  args: unknown
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value
}

function eventEquality(node: unknown): EventEquality | null {
  if (!isNode(node) || node.op !== '==' || !Array.isArray(node.args)) return null
  const [left, right] = node.args as [unknown, unknown]
  const column = eventColumn(left) ?? eventColumn(right)
  const text = textLiteral(right) ?? textLiteral(left)
  if (column === null || text === null) return null
  return TIMESTAMP_COLUMNS.has(column) ? null : { column, text }
}

const TIMESTAMP_COLUMNS = new Set(['loaded_at', 'occurred_at'])

function eventColumn(node: unknown): string | null {
  if (!isNode(node) || node.op !== '.' || !Array.isArray(node.args)) return null
  const [base, name] = node.args as [unknown, unknown]
  return isNode(base) && base.op === 'id' && base.args === 'event' && typeof name === 'string' ? name : null
}

function textLiteral(node: unknown): string | null {
  return isNode(node) && node.op === 'value' && typeof node.args === 'string' ? node.args : null
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value
}
