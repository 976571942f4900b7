/**
 * CLI errors: one clear line, one hint, one exit code. `describeError` maps every error the
 * commands can meet (configuration, markets, feed, breaker, credentials) to that shape.
 */
import { EXIT, type ExitCode } from './exitCodes.js';

/** An error the CLI reports as `twinleg: <message>` plus `hint: <hint>`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode: ExitCode
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Hints for the usage/configuration errors (exit code 2), by error name. */
const USAGE_HINTS: Readonly<Record<string, string>> = {
  ConfigError:
    'fix that value (see README.md, "Configuration"; `twinleg doctor` shows the effective config)',
  BreakerConfigError:
    'fix or unset that CB_* environment variable (see README.md, "Circuit breaker")',
  MarketsFileError:
    'fix that entry (format: README.md, "Markets file"; example: examples/markets.example.json)',
  JsonlError:
    'one JSON opportunity per line (format: README.md, "Opportunity files"; example: examples/opportunities.sample.jsonl)'
};

/**
 * The message, hint and exit code for any error. Errors are told apart by `name` so this
 * module (loaded by every command) imports none of the modules that throw them.
 */
export function describeError(e: unknown): { message: string; hint: string; exitCode: ExitCode } {
  const message = e instanceof Error ? e.message : String(e);
  const name = e instanceof Error ? e.name : '';
  if (e instanceof CliError) return { message, hint: e.hint, exitCode: e.exitCode };
  const usageHint = USAGE_HINTS[name];
  if (usageHint !== undefined) return { message, hint: usageHint, exitCode: EXIT.usage };
  if (name === 'KalshiCredentialsError' || /Polymarket credentials/.test(message))
    return {
      message,
      hint: 'set the credential variables (README.md, "Live mode"), or check them with `twinleg doctor --live`',
      exitCode: EXIT.refused
    };
  return {
    message,
    hint: 'run `twinleg <command> --help`, or report the error with the command line you used',
    exitCode: EXIT.failure
  };
}
