/**
 * The breaker's position state derived from the ledger (the one truth): its fills and its
 * execution results replayed in time order through the same accounting the live breaker uses
 * (`onFill` / `onResult`, the venue holdings model of core), giving the holdings per market
 * as the venues keep them, the close P&L already fed
 * per unfinished execution, and the realized P&L of one trading day. Pure: no clock, no log.
 */
import {
  addMicros,
  subMicros,
  ZERO_MICROS,
  type ErrorCode,
  type Micros,
  type Qty,
  type Side,
  type Venue
} from '../../core/index.js';
import { ExposureBook, fillPnl, type Holding } from './exposure.js';

/** One stored fill, as the ledger keeps it (`LedgerFill` has this shape). */
export interface LedgerFillFact {
  readonly executionId: string;
  readonly marketId: number;
  /** The venue that holds it (Kalshi nets per market; Polymarket tokens per side). */
  readonly venue: Venue;
  readonly side: Side;
  readonly action: 'buy' | 'sell';
  readonly contracts: Qty;
  readonly notional: Micros;
  readonly fee: Micros;
  readonly wallMs: number;
}

/** One stored execution (`LedgerExecution` has this shape); unfinished ones have no result. */
export interface LedgerResultFact {
  readonly executionId: string;
  readonly marketId: number;
  readonly finishedWallMs: number | null;
  readonly error: string | null;
  readonly realizedProfit: Micros;
}

/** What the breaker reads from the ledger at start-up (fills in storage order). */
export interface BreakerLedgerView {
  readonly fills: readonly LedgerFillFact[];
  readonly results: readonly LedgerResultFact[];
}

/** Results of requests that never reached `assess` (they hold no reservation, move no P&L). */
export const NOT_ASSESSED: ReadonlySet<string> = new Set<ErrorCode>([
  'already_in_flight',
  'invalid_request',
  'shutting_down',
  'unknown_market'
]);

/** The breaker's position state as the ledger implies it. */
export interface LedgerDerived {
  readonly holdings: { readonly marketId: number; readonly holding: Holding }[];
  /** Close P&L counted from sell fills of executions with no result yet. */
  readonly fed: Map<string, Micros>;
  /** Realized P&L of trading day `day`. */
  readonly dailyPnl: Micros;
}

type Event =
  | { readonly at: number; readonly order: number; readonly fill: LedgerFillFact }
  | { readonly at: number; readonly order: number; readonly result: LedgerResultFact };

/**
 * Replays the ledger: a fill moves positions the way its venue holds them and counts what it
 * realizes at once (a sell: proceeds − basis − fee; a Kalshi buy netting the opposite side:
 * the pairs' $1 − their cost); a result settles the rest of its execution's `realizedProfit`. P&L counts toward
 * the day of the event (`dayOf(wallMs) === day`), exactly as the live breaker counted it.
 */
export function replayLedger(
  view: BreakerLedgerView,
  dayOf: (wallMs: number) => number,
  day: number
): LedgerDerived {
  const events: Event[] = view.fills.map((fill, i) => ({ at: fill.wallMs, order: i, fill }));
  const n = events.length;
  view.results.forEach((result, i) => {
    if (result.finishedWallMs === null) return;
    if (result.error !== null && NOT_ASSESSED.has(result.error)) return;
    events.push({ at: result.finishedWallMs, order: n + i, result });
  });
  // fills keep storage order; a result follows the fills stored by the same millisecond
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  const book = new ExposureBook();
  const fed = new Map<string, Micros>();
  let dailyPnl = ZERO_MICROS;
  for (const e of events) {
    let pnl: Micros;
    if ('fill' in e) {
      const f = e.fill;
      const fillPnlOrNull = fillPnl(f, book.applyFill({ ...f, platform: f.venue }));
      if (fillPnlOrNull === null) continue;
      pnl = fillPnlOrNull;
      const id = f.executionId;
      fed.set(id, addMicros(fed.get(id) ?? ZERO_MICROS, pnl));
    } else {
      const id = e.result.executionId;
      pnl = subMicros(e.result.realizedProfit, fed.get(id) ?? ZERO_MICROS);
      fed.delete(id);
    }
    if (dayOf(e.at) === day) dailyPnl = addMicros(dailyPnl, pnl);
  }
  const holdings = book.holdings().map(({ marketId, holding }) => ({
    marketId,
    holding: { ...holding }
  }));
  return { holdings, fed, dailyPnl };
}
