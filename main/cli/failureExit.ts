import { errorMessage } from '../../shared/errorMessage.ts'
import { ConfigError } from '../core/config/configErrors.ts'
import { SalesforceSettingError } from '../core/ownership/salesforceErrors.ts'
import type { CliContext } from './cliContext.ts'
import { EXIT } from './cliContext.ts'
import { terminalLines } from './output/terminalText.ts'

/**
 * The CLI's exit codes (docs/cli.md): 2 for bad config or usage (with every problem listed), 1 for
 * the rest, with the reason. A reason may quote a server (the warehouse, Salesforce, Slack) or a
 * config value: its control characters are shown escaped, as event text is.
 */
export function failureExit(error: unknown, ctx: Pick<CliContext, 'stderr'>, doing: string): number {
  if (error instanceof ConfigError) {
    ctx.stderr.write(`moments: the configuration has ${plural(error.problems.length, 'problem')}:\n`)
    for (const problem of error.problems) ctx.stderr.write(`  ${terminalLines(problem)}\n`)
    return EXIT.usage
  }
  if (error instanceof SalesforceSettingError) {
    ctx.stderr.write(`moments: the configuration has a problem:\n  ${terminalLines(error.message)}\n`)
    return EXIT.usage
  }
  ctx.stderr.write(`moments: ${terminalLines(doing)}: ${terminalLines(errorMessage(error))}\n`)
  return EXIT.failure
}

function plural(n: number, word: string): string {
  return n === 1 ? `a ${word}` : `${n} ${word}s`
}
