// CEL's `matches` runs its pattern over event text, which is untrusted. A backtracking engine
// (JavaScript's RegExp, which the CEL library uses) takes exponential time on patterns such as
// ^(a|a)*$ or ^(\w|\d)+$ for some texts: thirty characters stall polling, IPC and the channels,
// again after every restart. So every `text.matches("…")` in a rule runs on RE2 (re2js), which
// matches in time linear in the text whatever the pattern. RE2 has no backreferences and no
// lookaround; a rule using them is refused when it loads, with the reason.
import { type Environment, evaluate } from '@marcbachmann/cel-js'
import { RE2JS } from 're2js'
import { type Token, tokenize } from './celTokens.ts'

/** The name `matches` takes in a compiled condition (CEL's own overload cannot be replaced). */
const LINEAR_MATCHES = 'matchesLinearTime'

// Patterns come from rules files only (never from events), so this stays small; the cap is for a
// desktop previewing many files in a long session.
const compiled = new Map<string, RE2JS>()
const COMPILED_CAP = 1_000

/** Registers `string.matchesLinearTime(string): bool`, RE2's unanchored search, on the environment. */
export function withLinearMatches(environment: Environment): Environment {
  return environment.registerFunction(`string.${LINEAR_MATCHES}(string): bool`, (text, pattern) =>
    re2(pattern as string).test(text as string),
  )
}

/**
 * The expression with every `matches` call going to RE2. Throws a readable reason when a pattern
 * is not a literal (a pattern from the event could be as long as the event: quadratic at best) or
 * is not RE2 syntax.
 */
export function linearMatchesSource(expression: string): string {
  const tokens = tokenize(expression)
  let source = ''
  let copied = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token
    if (token.kind !== 'ident') continue
    if (token.text === LINEAR_MATCHES)
      throw new Error(`${LINEAR_MATCHES} is not a CEL function: use matches()`)
    if (token.text !== 'matches' || tokens[i + 1]?.text !== '(' || tokens[i - 1]?.text !== '.') continue
    const pattern = tokens[i + 2]
    if (pattern?.kind !== 'string' || tokens[i + 3]?.text !== ')') {
      throw new Error('matches() takes a literal pattern ("…"), not one computed from the event')
    }
    const problem = patternProblem(literalValue(pattern))
    if (problem) throw new Error(problem)
    source += expression.slice(copied, token.start) + LINEAR_MATCHES
    copied = token.start + token.text.length
  }
  return source + expression.slice(copied)
}

/** CEL's error texts name the function as the rule wrote it. */
export function asWritten(message: string): string {
  return message.replaceAll(LINEAR_MATCHES, 'matches')
}

/** Why RE2 cannot run the pattern, or null. */
export function patternProblem(pattern: string): string | null {
  try {
    re2(pattern)
    return null
  } catch (error) {
    const shown = JSON.stringify(pattern)
    if (/\\[1-9]|\\k</.test(pattern)) {
      return `the pattern ${shown} uses a backreference, which Moments' regular expressions (RE2, linear time) do not have: rewrite it without one`
    }
    if (/\(\?<?[=!]/.test(pattern)) {
      return `the pattern ${shown} uses a lookahead or lookbehind, which Moments' regular expressions (RE2, linear time) do not have: rewrite it without one`
    }
    const reason =
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error)
    return `the pattern ${shown} is not RE2 syntax (${reason})`
  }
}

function re2(pattern: string): RE2JS {
  let regex = compiled.get(pattern)
  if (!regex) {
    regex = RE2JS.compile(pattern)
    if (compiled.size >= COMPILED_CAP) compiled.clear()
    compiled.set(pattern, regex)
  }
  return regex
}

/** The literal's value exactly as CEL reads it (escapes, raw strings, triple quotes). */
function literalValue(token: Token): string {
  const value = evaluate(token.text)
  if (typeof value !== 'string') throw new Error('matches() takes a string pattern')
  return value
}
