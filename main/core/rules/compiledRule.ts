import { errorMessage } from '../../../shared/errorMessage.ts'
import type { Severity } from '../../../shared/moment.ts'
import { type CelCondition, compileCondition } from './celCondition.ts'
import { compileTemplate, type MessageTemplate } from './messageTemplate.ts'
import type { RuleSpec } from './ruleSchema.ts'

export interface CompiledRule {
  id: string
  /** The `when` source, shown in "Why you got this" */
  when: string
  severity: Severity
  snoozeMs: number
  snoozeBy: string[]
  once: string[] | null
  name: MessageTemplate
  message: MessageTemplate
  condition: CelCondition
}

/** Compiles one validated rule; throws `{ field, reason }` style errors for the loader to report. */
export function compileRule(spec: RuleSpec): CompiledRule {
  return {
    id: spec.id,
    when: spec.when,
    severity: spec.severity,
    snoozeMs: spec.snooze,
    snoozeBy: spec.snoozeBy,
    once: spec.once ?? null,
    name: part('name', () => compileTemplate(spec.name)),
    message: part('message', () => compileTemplate(spec.message)),
    condition: part('when', () => compileCondition(spec.when)),
  }
}

export class RulePartError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason)
  }
}

function part<T>(field: string, build: () => T): T {
  try {
    return build()
  } catch (error) {
    throw new RulePartError(field, errorMessage(error))
  }
}
