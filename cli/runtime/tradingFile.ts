/**
 * The running engine's trading state beside its ledger (`<db>.trading.json`): what only the
 * running process knows — holds from reconciliation, balances and market closes — published
 * when it changes, so `twinleg status` (another process, reading the ledger read-only) can show
 * it. Written to a temporary file and renamed, so a reader never sees half of it.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TradingHold, TradingMode, TradingState } from '../../actors/tradingState/index.js';

/** What the running engine publishes. */
export interface PublishedTrading {
  readonly pid: number;
  /** When this state began (wall ms). */
  readonly sinceWallMs: number;
  readonly mode: TradingMode;
  readonly reasons: readonly string[];
  readonly marketHolds: readonly TradingHold[];
}

/** The side file of a ledger. */
export const tradingFileOf = (db: string): string => `${resolve(db)}.trading.json`;

/** Returns a publisher that writes the state when its mode, reasons or holds change. */
export function tradingPublisher(db: string, wallMs: () => number): (s: TradingState) => void {
  const file = tradingFileOf(db);
  let last = '';
  return (s) => {
    const key = JSON.stringify([s.mode, s.reasons, s.marketHolds]);
    if (key === last) return;
    last = key;
    const doc: PublishedTrading = {
      pid: process.pid,
      sinceWallMs: wallMs(),
      mode: s.mode,
      reasons: s.reasons,
      marketHolds: s.marketHolds
    };
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(doc)}\n`);
    renameSync(tmp, file);
  };
}

/** The published state, if the file exists and parses (the caller checks the pid is live). */
export function readPublishedTrading(db: string): PublishedTrading | undefined {
  try {
    const v = JSON.parse(readFileSync(tradingFileOf(db), 'utf8')) as Partial<PublishedTrading>;
    if (typeof v.pid !== 'number' || typeof v.mode !== 'string' || !Array.isArray(v.marketHolds))
      return undefined;
    return v as PublishedTrading;
  } catch {
    return undefined;
  }
}
