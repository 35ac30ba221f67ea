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

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value
}
