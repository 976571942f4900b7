/**
 * The `twinleg` command line (commander). `--help` on every command.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { BreakerConfigError } from '../actors/circuitBreaker/index.js';
import { EXIT } from './exitCodes.js';
import { runPaper } from './run.js';

const positiveNumber = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`${what} must be a positive number`);
  return n;
};
const integer = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${what} must be an integer`);
  return n;
};

const program = new Command('twinleg')
  .description('Cross-venue (Kalshi / Polymarket) arbitrage execution engine')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program
  .command('run')
  .description('run the engine (paper mode: simulated venues and the demo feed) until Ctrl-C')
  .option(
    '--duration <seconds>',
    'stop by itself after this many seconds, finishing in-flight work',
    positiveNumber('--duration')
  )
  .option('--summary-json <file>', 'write a JSON summary at exit (counts, fills, P&L, exposure)')
  .option('--dry-run', 'validate and size every opportunity but send no orders', false)
  .option('--seed <n>', 'seed of the demo feed and simulated venues', integer('--seed'), 42)
  .option('--rate <perSecond>', 'demo opportunities per second', positiveNumber('--rate'), 4)
  .addOption(
    new Option('--log-level <level>', 'log level')
      .choices(['trace', 'debug', 'info', 'warn', 'error', 'silent'])
      .default('info')
  )
  .option('--pretty', 'human-readable logs (default when stdout is a terminal)')
  .option('--json-logs', 'JSON log lines even in a terminal')
  .action(
    async (o: {
      duration?: number;
      summaryJson?: string;
      dryRun: boolean;
      seed: number;
      rate: number;
      logLevel: string;
      pretty?: boolean;
      jsonLogs?: boolean;
    }) => {
      const pretty = o.jsonLogs ? false : o.pretty;
      process.exitCode = await runPaper({ ...o, ...(pretty !== undefined ? { pretty } : {}) });
    }
  );

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const code = (e as { code?: string; exitCode?: number }).code ?? '';
  if (code.startsWith('commander.')) {
    process.exitCode =
      code === 'commander.helpDisplayed' || code === 'commander.version' ? EXIT.ok : EXIT.usage;
  } else if (e instanceof BreakerConfigError) {
    console.error(`twinleg: ${e.message}`);
    console.error(
      'hint: fix or unset that CB_* environment variable (see README.md, "Circuit breaker")'
    );
    process.exitCode = EXIT.usage;
  } else {
    console.error(`twinleg: ${e instanceof Error ? e.message : String(e)}`);
    console.error('hint: run `twinleg --help`, or report the error with the command line you used');
    process.exitCode = EXIT.failure;
  }
}
