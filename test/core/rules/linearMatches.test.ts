import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../main/core/config/configErrors.ts'
import { compileCondition } from '../../../main/core/rules/celCondition.ts'
import { parseRulesFile } from '../../../main/core/rules/loadRules.ts'

const SCRIPT = fileURLToPath(new URL('./evaluateCondition.ts', import.meta.url))

/** Evaluates `when` on `{ url: text }` in a child process, killed if it has not answered in time. */
function evaluateGuarded(when: string, text: string, guardMs = 20_000): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, when, text], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), guardMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve(signal ? `killed after ${guardMs} ms` : code === 0 ? out.trim() : `exit ${code}`)
    })
  })
}

function rule(when: string): string {
  return `rules:\n  - id: r\n    name: R\n    when: '${when.replaceAll("'", "''")}'\n    message: m\n`
}

function loadProblem(when: string): string {
  try {
    parseRulesFile('rules.yaml', rule(when))
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n')
    throw error
  }
  return 'loaded'
}

describe('matches() on hostile event text', () => {
  it.each([
    ['^(a|a)*$', `${'a'.repeat(40)}!`],
    ['^(\\w|\\d)+$', `${'1'.repeat(40)}!`],
  ])(
    '%s, which backtracks exponentially, answers on 41 characters',
    async (pattern, text) => {
      const when = `event.url.matches(r"${pattern}")`
      expect(loadProblem(when)).toBe('loaded')
      expect(await evaluateGuarded(when, text)).toBe('{"ok":true,"matched":false}')
    },
    60_000,
  )

  it('answers on 100,000 characters of an overlapping alternation (linear in the text)', async () => {
    const when = 'event.url.matches(r"^(a|a)*$")'
    expect(await evaluateGuarded(when, 'a'.repeat(100_000))).toBe('{"ok":true,"matched":true}')
    expect(await evaluateGuarded(when, `${'a'.repeat(100_000)}!`)).toBe('{"ok":true,"matched":false}')
  }, 60_000)

  it('accepts safe patterns the old nesting rule refused', () => {
    expect(loadProblem('event.url.matches(r"^(\\d+\\.)+\\d+$")')).toBe('loaded')
    const condition = compileCondition('event.url.matches(r"^(\\d+\\.)+\\d+$")')
    expect(condition.evaluate({ event: { url: '10.0.0.1' }, account: {} })).toEqual({
      ok: true,
      matched: true,
    })
    expect(condition.evaluate({ event: { url: '10.0.0.' }, account: {} })).toEqual({
      ok: true,
      matched: false,
    })
  })

  it('refuses backreferences and lookaround at load, naming the rule and the reason', () => {
    expect(loadProblem('event.url.matches(r"(a)\\1")')).toMatch(
      /^rules\.yaml: rule "r": when: the pattern "\(a\)\\\\1" uses a backreference, .*RE2/,
    )
    expect(loadProblem('event.url.matches("a(?=b)")')).toMatch(
      /rule "r": when: .* uses a lookahead or lookbehind/,
    )
    expect(loadProblem('event.url.matches("(?<!x)a")')).toMatch(/rule "r": when: .* lookahead or lookbehind/)
    expect(loadProblem('event.url.matches("[a-")')).toMatch(
      /rule "r": when: .* is not RE2 syntax \(missing closing \]/,
    )
  })

  it('still takes only a literal pattern, never one from the event', () => {
    expect(loadProblem('event.url.matches(event.pattern)')).toMatch(/matches\(\) takes a literal pattern/)
    expect(loadProblem('event.url.matches("a" + event.x)')).toMatch(/matches\(\) takes a literal pattern/)
  })

  it('keeps the meaning of matches(): an unanchored search, CEL escapes, raw strings', () => {
    const cases: Array<[string, string, boolean]> = [
      ['event.url.matches("inputs")', '/plumbing/inputs/new', true],
      ['event.url.matches("^/inputs")', '/plumbing/inputs', false],
      ['event.url.matches("\\\\d{3}$")', 'error 503', true],
      ['event.url.matches(r"\\d{3}$")', 'error 50x', false],
      ['event.url.matches("\\u0041BC")', 'xABC', true],
      ["event.url.matches('(?i)acme')", 'ACME Corp', true],
    ]
    for (const [when, url, matched] of cases) {
      expect(compileCondition(when).evaluate({ event: { url }, account: {} }), when).toEqual({
        ok: true,
        matched,
      })
    }
  })

  it('names matches() as written in errors', () => {
    expect(
      compileCondition('event.url.matches("x")').evaluate({ event: { url: 3 }, account: {} }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/matches/),
    })
    const evaluated = compileCondition('event.url.matches("x")').evaluate({ event: { url: 3 }, account: {} })
    expect(evaluated.ok ? '' : evaluated.error).not.toMatch(/matchesLinearTime/)
    expect(() => compileCondition('event.url.matchesLinearTime("x")')).toThrow(/not a CEL function/)
  })
})
