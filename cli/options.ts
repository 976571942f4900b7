/**
 * Option parsers and options shared by several commands.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';

/** A number > 0. */
export const positiveNumber = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`${what} must be a positive number`);
  return n;
};

/** A safe integer. */
export const integer = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${what} must be an integer`);
  return n;
};

/** A TCP port (0 = any free port). */
export const port = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError(`${what} must be a port number 0-65535`);
  return n;
};

/** Demo opportunities per second without `--rate`. */
export const DEMO_RATE = 4;

/** Options every engine-facing command understands. */
export interface CommonOptions {
  readonly config?: string;
  readonly loadEnv?: string;
  readonly markets?: string;
  readonly db?: string;
  readonly logLevel?: string;
  readonly pretty?: boolean;
  readonly jsonLogs?: boolean;
}

/** Adds `--config`, `--load-env`, `--markets` (and optionally `--db`) to a command. */
export function addCommonOptions(
  cmd: Command,
  opts: { db?: boolean; logs?: boolean } = {}
): Command {
  cmd
    .option(
      '--config <file>',
      'configuration file: JSON, or YAML when it ends in .yaml/.yml; env var TWINLEG_CONFIG'
    )
    .option(
      '--load-env <file>',
      'load environment variables (credentials, overrides) from this file first'
    )
    .option(
      '--markets <file>',
      'markets file (JSON array of pairs; default: the demo markets, paper only)'
    );
  if (opts.db) cmd.option('--db <path>', 'the SQLite ledger file');
  if (opts.logs) {
    cmd
      .addOption(
        new Option('--log-level <level>', 'log level').choices([
          'trace',
          'debug',
          'info',
          'warn',
          'error',
          'silent'
        ])
      )
      .option('--pretty', 'human-readable logs (default when stdout is a terminal)')
      .option('--json-logs', 'JSON log lines even in a terminal');
  }
  return cmd;
}
