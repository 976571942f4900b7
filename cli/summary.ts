import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors.js';
import { EXIT } from './exitCodes.js';
import { formatQty, formatUsd } from '../core/index.js';
import type { BookSummary } from '../actors/positionBook.js';
import type { StopReport } from '../actors/supervisor.js';

/** The `--summary-json` document. Integers are in the core units named in `units`. */
export interface RunSummary {
  readonly units: { readonly money: string; readonly quantity: string };
  readonly mode: 'paper' | 'live';
  /** Where opportunities came from. */
  readonly feed: string;
  /** Executions resumed from the ledger at startup. */
  readonly resumed: number;
  readonly dryRun: boolean;
  readonly durationMs: number;
  readonly opportunitiesSeen: number;
  readonly resultsByCode: Record<string, number>;
  readonly fills: number;
  readonly matchedContracts: number;
  /** Final: sales, Kalshi netting and settlements, minus every fee paid. */
  readonly realizedPnl: number;
  /** Hedged pairs still held: $1 each at resolution minus their cost. */
  readonly lockedInPnl: number;
  /** Contracts not hedged by the other side, and their cost. */
  readonly openExposure: number;
  readonly unhedgedCost: number;
  /** What the executions expected to earn at their prices (Σ results' profit). */
  readonly executionsPnl: number;
  readonly fees: number;
  /** Executions still running when the stop timed out (stopped, reported `shutdown_interrupted`). */
  readonly interrupted: number;
  /** The circuit breaker's status at exit (halts, blacklist, daily P&L, positions) with `trading`: the trading state. */
  readonly breaker: unknown;
  readonly display: Record<string, string>;
}

/** Builds the summary document from the position book and the stop report. */
export function runSummary(
  book: BookSummary,
  stop: StopReport,
  durationMs: number,
  dryRun: boolean,
  breaker: unknown,
  run: { mode: 'paper' | 'live'; feed: string; resumed: number } = {
    mode: 'paper',
    feed: 'demo',
    resumed: 0
  }
): RunSummary {
  return {
    units: {
      money: 'micro-dollars (USD x 1e6)',
      quantity: 'micro-contracts (contracts x 1e6)'
    },
    mode: run.mode,
    feed: run.feed,
    resumed: run.resumed,
    dryRun,
    durationMs,
    opportunitiesSeen: book.opportunitiesSeen,
    resultsByCode: book.resultsByCode,
    fills: book.fills,
    matchedContracts: book.matchedContracts,
    realizedPnl: book.realizedPnl,
    lockedInPnl: book.lockedInPnl,
    openExposure: book.openExposure,
    unhedgedCost: book.unhedgedCost,
    executionsPnl: book.executionsPnl,
    fees: book.fees,
    interrupted: stop.interrupted.length,
    breaker,
    display: {
      matchedContracts: formatQty(book.matchedContracts),
      realizedPnl: formatUsd(book.realizedPnl),
      lockedInPnl: formatUsd(book.lockedInPnl),
      openExposure: formatQty(book.openExposure),
      unhedgedCost: formatUsd(book.unhedgedCost),
      executionsPnl: formatUsd(book.executionsPnl),
      fees: formatUsd(book.fees)
    }
  };
}

/**
 * Checks at start that `file` can be written at exit: its directory exists and is writable,
 * and `file` is not a directory. Returns what is wrong, or `undefined`.
 */
export function summaryPathProblem(file: string): string | undefined {
  const dir = dirname(resolve(file));
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
  } catch {
    return `the directory ${dir} does not exist`;
  }
  let exists = false;
  try {
    if (statSync(file).isDirectory()) return `${file} is a directory`;
    exists = true;
  } catch {
    // absent: created at exit
  }
  try {
    accessSync(exists ? file : dir, constants.W_OK);
  } catch {
    return exists ? `${file} is not writable` : `the directory ${dir} is not writable`;
  }
  return undefined;
}

/** Writes the summary as pretty JSON; a failure is a {@link CliError} naming the file (exit 1). */
export function writeSummary(file: string, s: RunSummary): void {
  try {
    writeFileSync(file, JSON.stringify(s, null, 2) + '\n');
  } catch (e) {
    throw new CliError(
      `cannot write the summary to ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      'the run itself ended; its totals are in the "stopped" log line',
      EXIT.failure,
      { cause: e }
    );
  }
}
