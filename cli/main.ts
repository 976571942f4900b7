/**
 * The `twinleg` command line (commander). `--help` on every command; errors are one line
 * plus a hint; exit codes in `exitCodes.ts`.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { doctorCommand } from './commands/doctor.js';
import { mockVenuesCommand } from './commands/mockVenues.js';
import { positionsCommand } from './commands/positions.js';
import { reconcileCommand } from './commands/reconcile.js';
import { replayCommand } from './commands/replay.js';
import { recordCommand } from './commands/record.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { watchCommand } from './commands/watch.js';
import { describeError } from './errors.js';
import { EXIT } from './exitCodes.js';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
) as { version: string };

const program = new Command('twinleg')
  .description('Cross-venue (Kalshi / Polymarket) arbitrage execution engine')
  .version(version, '-V, --version', 'print the version and exit')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 failure, 2 usage/config error, 3 live refused, 4 doctor check failed, 5 ledger error, 130 forced.'
  )
  .exitOverride();

for (const make of [
  runCommand,
  replayCommand,
  positionsCommand,
  statusCommand,
  reconcileCommand,
  doctorCommand,
  mockVenuesCommand,
  watchCommand,
  recordCommand
]) {
  program.addCommand(make().showHelpAfterError('(run with --help for usage)').exitOverride());
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const code = (e as { code?: string }).code ?? '';
  if (code.startsWith('commander.')) {
    process.exitCode =
      code === 'commander.helpDisplayed' ||
      code === 'commander.version' ||
      code === 'commander.help'
        ? EXIT.ok
        : EXIT.usage;
  } else {
    const d = describeError(e);
    console.error(`twinleg: ${d.message}`);
    console.error(`hint: ${d.hint}`);
    process.exitCode = d.exitCode;
  }
}
