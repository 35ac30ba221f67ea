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
  /** The rule's own reach-out e-mail; null: the generic one (actions/reachOutDraft.ts) */
  reachOut: ReachOutTemplates | null
}

export interface ReachOutTemplates {
  to: MessageTemplate | null
  subject: MessageTemplate
  body: MessageTemplate
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
    reachOut: spec.reachOut ? reachOutTemplates(spec.reachOut) : null,
  }
}

function reachOutTemplates(spec: NonNullable<RuleSpec['reachOut']>): ReachOutTemplates {
  const to = spec.to
  return {
    to: to === undefined ? null : part('reachOut.to', () => compileTemplate(to)),
    subject: part('reachOut.subject', () => compileTemplate(spec.subject)),
    body: part('reachOut.body', () => compileTemplate(spec.body)),
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
