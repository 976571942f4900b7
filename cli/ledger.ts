/**
 * Opening the ledger (`adapters/ledger`, SQLite) from the CLI. The module is imported lazily
 * so commands without `--db` never load the native SQLite binding.
 */
import { existsSync } from 'node:fs';
import type { Ledger } from '../adapters/ledger/index.js';
import { isTwinlegError } from '../core/errors.js';
import type { Clock, Logger } from '../core/index.js';
import { CliError } from './errors.js';
import { EXIT } from './exitCodes.js';

/** The ledger as the CLI uses it. */
export type LedgerPort = Ledger;

/** A message's trailing `(advice)`, which the CLI shows as the hint rather than twice. */
function splitAdvice(text: string): { message: string; advice?: string } {
  const m = /^(.*\S) \(([^()]+)\)$/s.exec(text);
  return m ? { message: m[1] ?? text, advice: m[2] ?? '' } : { message: text };
}

/**
 * Opens the ledger at `file`. `readonly` (reports: positions, status, doctor) requires the file
 * to exist, never writes and takes no lock; a writer holds the ledger's lock file, so a second
 * writer on the same file fails (`ledger_locked`). A failure is a {@link CliError} with exit
 * code 5.
 */
export async function openLedger(
  file: string,
  opts: { clock: Clock; logger?: Logger; readonly?: boolean }
): Promise<LedgerPort> {
  if (opts.readonly && file !== ':memory:' && !existsSync(file)) {
    throw new CliError(
      `no ledger at ${file}`,
      'check --db (a ledger is created by `npx twinleg run --db <file>`)',
      EXIT.ledger
    );
  }
  const { Ledger } = await import('../adapters/ledger/index.js');
  try {
    return Ledger.open(file, {
      clock: opts.clock,
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.readonly ? { readonly: true } : {})
    });
  } catch (e) {
    const locked = isTwinlegError(e, 'ledger_locked');
    const { message, advice } = splitAdvice(e instanceof Error ? e.message : String(e));
    throw new CliError(
      // The ledger's own errors already name the file ("ledger <file>: …"): say it once.
      message.includes(file) ? message : `cannot open the ledger ${file}: ${message}`,
      locked
        ? `stop the other twinleg using that --db, or use another file${advice ? `; ${advice}` : ''}`
        : `${advice ?? 'check the path and permissions'}; \`npx twinleg doctor --db <file>\` checks its health`,
      EXIT.ledger,
      { code: locked ? 'ledger_locked' : 'ledger_unavailable', cause: e }
    );
  }
}
