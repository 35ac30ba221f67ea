import { Command, CommanderError, Option } from 'commander'
import type { Logger } from 'pino'
import { errorMessage } from '../../shared/errorMessage.ts'
import { type CliContext, EXIT } from './cliContext.ts'
import { cliLogger } from './cliLogger.ts'

// The `moments` command line (docs/cli.md). Commander parses; each command is a module, imported
// only when that command runs: `moments --help` or `moments history` must not wait for what `run`
// loads (the warehouse drivers, jsforce, PGlite, the Slack SDK, cli-progress).

function context(options: { verbose?: boolean; quiet?: boolean }): CliContext {
  let log: Logger | undefined
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // Made on first use: a command that never logs never loads pino.
    get log() {
      log ??= cliLogger(options)
      return log
    },
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    interactive: process.stderr.isTTY === true,
  }
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command('moments')
    .description('Critical moments of the accounts you own, from your data warehouse')
    .version('0.1.0')
    .showHelpAfterError('(run "moments --help" for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })

  const configOption = () =>
    new Option('--config <file>', 'moments.yaml to use (default: $MOMENTS_CONFIG, then the user config dir)')
  const verbose = () => new Option('-v, --verbose', 'log more (debug)')

  cli
    .command('run')
    .description('poll the warehouse and notify (until stopped, or --once)')
    .addOption(configOption())
    .option('--once', 'poll once, then exit')
    .option('--json', 'print one JSON object per moment per line on stdout')
    .option('--demo', 'use the embedded demo warehouse, whatever the config')
    .option(
      '--drain-timeout <duration>',
      'with --once: how long to keep sending queued Slack messages (default 30s)',
    )
    .addOption(verbose())
    .action(async (flags) => {
      const stop = new AbortController()
      process.once('SIGINT', () => stop.abort())
      process.once('SIGTERM', () => stop.abort())
      const { runCommand } = await import('./commands/runCommand.ts')
      setExit(await runCommand(flags, context(flags), stop.signal))
    })

  cli
    .command('history')
    .description('list recorded moments, snoozed ones too, newest first')
    .addOption(configOption())
    .option('--demo', "the demo's history")
    .option('--search <text>', 'full-text search in title, message and account')
    .option('--account <id>', 'only this Salesforce Account Id')
    .option('--rule <id>', 'only this rule')
    .option('--status <status>', 'delivered, snoozed, or failed (Slack forward failed)')
    .option('--severity <severity>', 'low, normal or high')
    .option('--since <when>', 'a duration back from now (7d) or a date (2026-11-01)')
    .option('--until <when>', 'a duration back from now or a date')
    .option('--unread', 'only moments not yet opened')
    .option('--not-acted', 'only moments nothing was done about yet (no reach-out, log, done or not useful)')
    .option('--limit <n>', 'at most this many (default 50; all with --json)')
    .option('--json', 'one JSON object per moment per line')
    .action(async (flags) => {
      const { historyCommand } = await import('./commands/historyCommand.ts')
      setExit(await historyCommand(flags, context({ quiet: true })))
    })

  cli
    .command('act')
    .description('act on a moment: draft an e-mail, log it to Salesforce, mark it done or not useful')
    .argument('<id>', 'the moment, or the start of its id that "moments history" shows')
    .addOption(configOption())
    .option('--demo', "a moment of the demo's history")
    .option('--email', 'reach out: print a mailto: link to the drafted e-mail (open it in your mail client)')
    .option('--log', "log it to Salesforce: a completed Task on the account's activity timeline")
    .option('--done', 'mark it handled')
    .option('--noise', 'mark it not useful')
    .option('--json', 'one JSON object on stdout: the action taken')
    .addOption(verbose())
    .action(async (id, flags) => {
      const { actCommand } = await import('./commands/actCommand.ts')
      setExit(await actCommand(id, flags, context({ quiet: !flags.verbose, ...flags })))
    })

  cli
    .command('stats')
    .description('per rule, what its moments led to: reached out, logged, done, not useful, nothing')
    .addOption(configOption())
    .option('--demo', "the demo's history")
    .option('--since <when>', 'a duration back from now (30d) or a date (default 30d)')
    .option('--until <when>', 'end (default: now)')
    .option('--json', 'one JSON object per rule per line')
    .action(async (flags) => {
      const { statsCommand } = await import('./commands/statsCommand.ts')
      setExit(await statsCommand(flags, context({ quiet: true })))
    })

  cli
    .command('backtest')
    .description('what the rules would have produced over a past period (your state is not touched)')
    .addOption(configOption())
    .option('--demo', "replay the demo's warehouse")
    .requiredOption('--since <when>', 'start: a duration back from now (7d) or a date')
    .option('--until <when>', 'end (default: now)')
    .option('--rules <file>', 'a rules file instead of the configured rules')
    .option('--compare <file>', 'a second rules file to compare, side by side')
    .option('--account <id>', 'only this one of your accounts')
    .option(
      '--warmup <duration>',
      'history before --since replayed first, uncounted, to fill once-keys and snooze windows',
      '7d',
    )
    .option('--json', 'one JSON object per rule per line')
    .addOption(verbose())
    .action(async (flags) => {
      const { backtestCommand } = await import('./commands/backtestCommand.ts')
      setExit(await backtestCommand(flags, context({ quiet: !flags.verbose, ...flags })))
    })

  cli
    .command('doctor')
    .description('check the warehouse, Salesforce, Slack and the rules (sends nothing)')
    .addOption(configOption())
    .option('--demo', 'check the demo setup')
    .addOption(verbose())
    .action(async (flags) => {
      const { doctorCommand } = await import('./commands/doctorCommand.ts')
      setExit(await doctorCommand(flags, context({ quiet: !flags.verbose, ...flags })))
    })

  return cli
}

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok
  try {
    await program((c) => {
      code = c
    }).parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse problem is a usage error (exit 2).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    process.stderr.write(`moments: ${errorMessage(error, { stack: true })}\n`)
    return EXIT.failure
  }
  return code
}

const code = await main(process.argv)
// Exit explicitly once stdout has flushed: a library's lingering handle (a socket, a timer)
// must not keep a finished `moments run --once` alive.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()))
process.exit(code)
