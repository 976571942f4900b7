/**
 * The replay report's row tables: every fill, every fill mismatch and every auto-close, built
 * from the engine's fills and results. Amounts stay integers (micro-dollars, micro-contracts).
 */
import {
  absQty,
  addMicros,
  mulDiv,
  subMicros,
  subQty,
  sumMicros,
  ZERO_MICROS,
  ZERO_QTY,
  type ExecutionResult,
  type FillRecord,
  type Micros,
  type OrderAction,
  type Qty,
  type Side,
  type Venue
} from '../../core/index.js';

/** One fill as the engine reported it. */
export interface FillRow {
  /** Engine-clock ms since the replay started. */
  readonly tMs: number;
  /** Wall-clock time of the fill report (ISO 8601; simulated in `fast` pace). */
  readonly wallTime: string;
  readonly executionId: string;
  readonly marketId: number;
  readonly pairId: string;
  readonly venue: Venue;
  readonly side: Side;
  readonly action: OrderAction;
  readonly contracts: Qty;
  readonly avgPrice: Micros;
  readonly notional: Micros;
  readonly fee: Micros;
  readonly clientOrderId: string;
}

/** One execution whose legs filled unequally (or whose leg outcome stayed unknown). */
export interface MismatchRow {
  readonly executionId: string;
  readonly marketId: number;
  /** The result's code: `partial_fill` (auto-closed) or `order_unresolved` (not closed). */
  readonly outcome: string;
  readonly yesFilled: Qty;
  readonly noFilled: Qty;
  /** Contracts the larger leg holds over the smaller one (unresolved: what is left open). */
  readonly excess: Qty;
  /** Venue and side of the excess; `null` when no leg is known to hold it. */
  readonly venue: Venue | null;
  readonly side: Side | null;
}

/** One auto-close of a mismatch's excess. */
export interface CloseRow {
  readonly executionId: string;
  readonly marketId: number;
  readonly venue: Venue;
  readonly side: Side;
  readonly excess: Qty;
  /**
   * Closing sells sent; `null` when not proven (the close stopped short and the report did not
   * see the orders, only their fills — see `filledAttempts`).
   */
  readonly attempts: number | null;
  /** Closing sells that filled something. */
  readonly filledAttempts: number;
  readonly closed: Qty;
  /** Contracts left unhedged after the close. */
  readonly remaining: Qty;
  /** Paid for the contracts sold, before fees. */
  readonly proceeds: Micros;
  readonly fees: Micros;
  /** Proceeds − cost basis of the contracts closed − close fees. */
  readonly closePnl: Micros;
  /** The execution's realized P&L (matched pairs and the close, after all fees). */
  readonly pnl: Micros;
  /** Why the close stopped short; `null` when it closed the whole excess. */
  readonly stopReason: string | null;
}

/** The three tables of the report. */
export interface ReportTables {
  readonly fills: readonly FillRow[];
  readonly mismatches: readonly MismatchRow[];
  readonly closes: readonly CloseRow[];
}

/** A fill as a row, `startNs` being the engine time the replay started. */
export function fillRow(f: FillRecord, startNs: number): FillRow {
  return {
    tMs: Math.round((f.timestampNs - startNs) / 1_000) / 1_000,
    wallTime: new Date(f.wallTimeMs).toISOString(),
    executionId: f.executionId,
    marketId: f.marketId,
    pairId: f.pairId,
    venue: f.platform,
    side: f.side,
    action: f.action,
    contracts: f.contracts,
    avgPrice: f.avgPrice,
    notional: f.notional,
    fee: f.fee,
    clientOrderId: f.clientOrderId
  };
}

/** The mismatch row of a result, or `null` when its legs matched (or it never traded). */
export function mismatchRow(r: ExecutionResult): MismatchRow | null {
  const y = r.legs?.yes;
  const n = r.legs?.no;
  const base = { executionId: r.executionId, marketId: r.marketId };
  if (r.error === 'partial_fill' && y && n) {
    const over = y.filled > n.filled ? 'yes' : 'no';
    return {
      ...base,
      outcome: r.error,
      yesFilled: y.filled,
      noFilled: n.filled,
      excess: absQty(subQty(y.filled, n.filled)),
      venue: (over === 'yes' ? y : n).venue,
      side: over
    };
  }
  if (r.unhedgedContracts > 0) {
    return {
      ...base,
      outcome: r.error ?? 'success',
      yesFilled: y?.filled ?? ZERO_QTY,
      noFilled: n?.filled ?? ZERO_QTY,
      excess: r.unhedgedContracts,
      venue: null,
      side: null
    };
  }
  return null;
}

const STOPPED = 'auto-close stopped: ';

/** The attempt number of a closing sell (`<execution>-c<k>`), or 0. */
function attemptOf(f: FillRecord): number {
  const m = /-c(\d+)$/.exec(f.clientOrderId);
  return m ? Number(m[1]) : 0;
}

/**
 * The close row of a mismatch result, from its closing fills; `closeOrders` is the number of
 * closing sells seen sent, or `undefined` when the orders were not observed.
 */
export function closeRow(
  r: ExecutionResult,
  mismatch: MismatchRow,
  sells: readonly FillRecord[],
  closeOrders: number | undefined
): CloseRow | null {
  if (r.error !== 'partial_fill' || !mismatch.venue || !mismatch.side) return null;
  const leg = r.legs?.[mismatch.side];
  const proceeds = sells.reduce((a, f) => addMicros(a, f.notional), ZERO_MICROS);
  const fees = sells.reduce((a, f) => addMicros(a, f.fee), ZERO_MICROS);
  const basis =
    leg && leg.filled > 0 && r.closedContracts > 0
      ? mulDiv(leg.notional, r.closedContracts, leg.filled, 'half-up')
      : ZERO_MICROS;
  const lastFilled = Math.max(0, ...sells.map(attemptOf));
  // a close that ended flat ended on a fill: its last filled attempt was its last attempt
  const attempts = closeOrders ?? (r.unhedgedContracts === 0 && lastFilled > 0 ? lastFilled : null);
  return {
    executionId: r.executionId,
    marketId: r.marketId,
    venue: mismatch.venue,
    side: mismatch.side,
    excess: mismatch.excess,
    attempts,
    filledAttempts: new Set(sells.map(attemptOf)).size,
    closed: r.closedContracts,
    remaining: r.unhedgedContracts,
    proceeds,
    fees,
    closePnl: subMicros(proceeds, sumMicros(basis, fees)),
    pnl: r.realizedProfit,
    stopReason: r.detail?.startsWith(STOPPED) ? r.detail.slice(STOPPED.length) : null
  };
}
