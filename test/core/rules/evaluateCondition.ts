// Run as a child process by linearMatches.test.ts: compiles a rule's `when` and evaluates it on one
// event text, then prints how it went. A backtracking engine would never print: the test's guard
// kills it, and the test fails instead of hanging the suite.
import { compileCondition } from '../../../main/core/rules/celCondition.ts'

const [when, text] = process.argv.slice(2) as [string, string]
const result = compileCondition(when).evaluate({ event: { url: text }, account: {} })
process.stdout.write(`${JSON.stringify(result)}\n`)
