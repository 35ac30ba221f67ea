import { Environment } from '@marcbachmann/cel-js'
import { errorMessage } from '../../../shared/errorMessage.ts'
import { unsafePattern } from './regexSafety.ts'

// `when` is CEL over `event` (a map of the row's columns). CEL is not Turing-complete and has
// no side effects, so a rule file from a data team can't run code on a laptop.

const environment = new Environment({ unlistedVariablesAreDyn: false }).registerVariable('event', 'map')

export type ConditionResult = { ok: true; matched: boolean } | { ok: false; error: string }

export interface CelCondition {
  evaluate(event: Record<string, unknown>): ConditionResult
}

/** Throws a readable reason when the expression doesn't parse or can't be a boolean. */
export function compileCondition(expression: string): CelCondition {
  const checked = environment.check(expression)
  if (!checked.valid) throw new Error(firstLine(checked.error?.message ?? 'invalid expression'))
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    throw new Error(`must be a boolean expression, but it gives ${checked.type}`)
  }
  const unsafe = unsafePattern(expression)
  if (unsafe) throw new Error(unsafe)
  const program = environment.parse(expression)
  return {
    evaluate(event) {
      try {
        const value = program({ event })
        if (typeof value !== 'boolean') return { ok: false, error: `gave ${typeName(value)}, not a boolean` }
        return { ok: true, matched: value }
      } catch (error) {
        return { ok: false, error: firstLine(errorMessage(error)) }
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
