import { Environment } from '@marcbachmann/cel-js'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { asWritten, linearMatchesSource, withLinearMatches } from './linearMatches.ts'

// `when` is CEL over `event` (a map of the row's columns). CEL is not Turing-complete and has
// no side effects, so a rule file from a data team can't run code on a laptop.

const environment = withLinearMatches(
  new Environment({ unlistedVariablesAreDyn: false }).registerVariable('event', 'map'),
)

export type ConditionResult = { ok: true; matched: boolean } | { ok: false; error: string }

export interface CelCondition {
  evaluate(event: Record<string, unknown>): ConditionResult
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
    evaluate(event) {
      try {
        const value = program({ event })
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
