/**
 * CLI errors: one clear line, one hint, one exit code. `describeError` maps every error the
 * commands can meet (configuration, markets, feed, breaker, credentials, ledger) to that shape.
 */
import { TwinlegError, type TwinlegCode } from '../core/errors.js';
import { EXIT, type ExitCode } from './exitCodes.js';

/** The code of a {@link CliError} that names none, by exit code. */
const CODE_OF_EXIT: Partial<Record<ExitCode, TwinlegCode>> = {
  [EXIT.refused]: 'refused',
  [EXIT.ledger]: 'ledger_unavailable'
};

/**
 * An error the CLI reports as `twinleg: <message>` plus `hint: <hint>`. Its code is
 * `options.code`, else `refused` / `ledger_unavailable` / `usage` by exit code.
 */
export class CliError extends TwinlegError {
  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode: ExitCode,
    options: { code?: TwinlegCode; cause?: unknown } = {}
  ) {
    super(options.code ?? CODE_OF_EXIT[exitCode] ?? 'usage', message, { cause: options.cause });
    this.name = 'CliError';
  }
}

const CONFIG_HINT =
  'fix that value (see README.md, "Configuration"; `npx twinleg doctor` shows the effective config)';

/** Hints for the usage/configuration errors (exit code 2), by error name. */
const USAGE_HINTS: Readonly<Record<string, string>> = {
  ConfigError: CONFIG_HINT,
  BreakerConfigError:
    'fix or unset that CB_* environment variable (see README.md, "Circuit breaker")',
  MarketsFileError:
    'fix that entry (format: README.md, "Markets file"; example: examples/markets.example.json)',
  JsonlError:
    'one JSON opportunity per line (format: README.md, "Opportunity files"; example: examples/opportunities.sample.jsonl)'
};

const VENUE_HINT =
  'check the venue URL and the network; `npx twinleg doctor --live` checks both venues';

/** Hint and exit code by code, for the errors {@link USAGE_HINTS} does not name. */
const BY_CODE: Partial<Record<TwinlegCode, { hint: string; exitCode: ExitCode }>> = {
  invalid_config: { hint: CONFIG_HINT, exitCode: EXIT.usage },
  credentials: {
    hint: 'set the credential variables (README.md, "Live mode"), or check them with `npx twinleg doctor --live`',
    exitCode: EXIT.refused
  },
  ledger_unavailable: {
    hint: 'check --db; `npx twinleg doctor --db <file>` checks its health',
    exitCode: EXIT.ledger
  },
  ledger_locked: {
    hint: 'stop the other twinleg using that --db, or use another file',
    exitCode: EXIT.ledger
  },
  venue_unreachable: { hint: VENUE_HINT, exitCode: EXIT.failure },
  venue_protocol: { hint: VENUE_HINT, exitCode: EXIT.failure },
  port_in_use: {
    hint: 'pick another port (--inspector <port>, --metrics <port>; 0 takes any free port) or stop what holds it',
    exitCode: EXIT.usage
  }
};

/**
 * The message, hint and exit code for any error: a {@link CliError}'s own, else by error
 * name (this module imports none of the modules that throw them), else by code.
 */
export function describeError(e: unknown): { message: string; hint: string; exitCode: ExitCode } {
  const message = e instanceof Error ? e.message : String(e);
  const name = e instanceof Error ? e.name : '';
  if (e instanceof CliError) return { message, hint: e.hint, exitCode: e.exitCode };
  const usageHint = USAGE_HINTS[name];
  if (usageHint !== undefined) return { message, hint: usageHint, exitCode: EXIT.usage };
  const byCode = e instanceof TwinlegError ? BY_CODE[e.code] : undefined;
  if (byCode) return { message, ...byCode };
  return {
    message,
    hint: 'run `npx twinleg <command> --help`, or report the error with the command line you used',
    exitCode: EXIT.failure
  };
}
