/**
 * Start-up recovery: every execution started and not finished becomes a resume request
 * built only from what was stored write-ahead — intents, dispatch records, terminal outcomes,
 * venue ids and close fills — so the engine looks up what it never heard back and continues
 * closing. An order whose intent is dispatch-tracked but has no dispatch record (Kalshi: never
 * handed to the socket; Polymarket: never signed) provably never reached the venue: it is
 * recovered as `none` (0 filled) instead of being looked up, and the execution goes on to close
 * the other leg's excess. Orders with a dispatch record are listed in `Recovery.dispatched`, for
 * the composition root to hand to their adapters (`recall`), which then know when "not found"
 * is final.
 */
import {
  formatQty,
  NO_FILL,
  addMicros,
  addQty,
  ZERO_MICROS,
  ZERO_QTY,
  type ArbType,
  type FastExecutionRequest,
  type MarketPair,
  type MarketRegistry,
  type OrderOutcome,
  type Side
} from '../../core/index.js';
import { openExposureOf } from './positions.js';
import type { LedgerQueries } from './queries.js';
import {
  orderOf,
  terminalOutcomeOf,
  type ExecutionRow,
  type FillRow,
  type OrderRow
} from './rows.js';
import type {
  DispatchedOrder,
  LedgerResumeClose,
  LedgerResumeLeg,
  LedgerResumeRequest,
  Recovery,
  SkippedExecution
} from './types.js';

function requestOf(e: ExecutionRow): FastExecutionRequest {
  return {
    marketId: e.market_id,
    arbType: e.arb_type as ArbType,
    yesPrice: e.yes_price,
    noPrice: e.no_price,
    yesSize: e.yes_size,
    noSize: e.no_size,
    detectedNs: e.detected_ns
  };
}

/** An unresolved order whose adapter records dispatch, with no dispatch record: never sent. */
export function neverSent(r: OrderRow): boolean {
  return r.terminal !== 1 && r.dispatch_tracked === 1 && r.dispatched_wall_ms === null;
}

/** The outcome of a {@link neverSent} order: `none`, 0 filled, with the proof as reason. */
export function neverSentOutcome(r: OrderRow): OrderOutcome {
  const why = r.venue === 'polymarket' ? 'never signed' : 'no dispatch record';
  return {
    status: 'none',
    clientOrderId: r.client_order_id,
    ...NO_FILL,
    reason: `never sent: ${why}`
  };
}

function legOf(orders: readonly OrderRow[], side: Side, market: MarketPair): LedgerResumeLeg {
  const row = orders.find((o) => o.role === 'entry' && o.side === side);
  if (!row) return { order: null, outcome: null };
  const outcome = neverSent(row) ? neverSentOutcome(row) : terminalOutcomeOf(row);
  const base = { order: orderOf(row, market), outcome };
  return row.venue_order_id !== null ? { ...base, orderId: row.venue_order_id } : base;
}

function closeOf(
  orders: readonly OrderRow[],
  closeFills: readonly FillRow[],
  market: MarketPair
): LedgerResumeClose | null {
  const closes = orders.filter((o) => o.role === 'close');
  const last = closes.at(-1);
  if (!last) return null;
  // a close never sent has nothing to look up: the walk goes on with a new attempt
  const pending = last.terminal === 1 || neverSent(last) ? null : last;
  const sells = closeFills.filter((f) => f.action === 'sell');
  const buys = closeFills.filter((f) => f.action === 'buy'); // hedges: the other side bought
  const qty = (l: readonly FillRow[]) => l.reduce((s, f) => addQty(s, f.contracts), ZERO_QTY);
  const cash = (l: readonly FillRow[]) => l.reduce((s, f) => addMicros(s, f.notional), ZERO_MICROS);
  const base = {
    closed: addQty(qty(sells), qty(buys)),
    hedged: qty(buys),
    hedgeCost: cash(buys),
    proceeds: cash(sells),
    fee: closeFills.reduce((s, f) => addMicros(s, f.fee), ZERO_MICROS),
    attempts: closes.length,
    price: last.limit_price,
    lastOrder: { venue: last.venue, action: last.action },
    pending: pending ? orderOf(pending, market) : null
  };
  return pending?.venue_order_id != null
    ? { ...base, pendingOrderId: pending.venue_order_id }
    : base;
}

/** Builds the resume request of one unfinished execution. */
export function resumeOf(
  e: ExecutionRow,
  orders: readonly OrderRow[],
  fills: readonly FillRow[],
  market: MarketPair
): LedgerResumeRequest {
  const entries = orders.filter((o) => o.role === 'entry');
  const closeIds = new Set(orders.filter((o) => o.role === 'close').map((o) => o.client_order_id));
  const closeFills = fills.filter(
    (f) => f.execution_id === e.execution_id && closeIds.has(f.client_order_id)
  );
  return {
    executionId: e.execution_id,
    req: requestOf(e),
    state: {
      qty: entries[0]?.qty ?? ZERO_QTY,
      legs: { yes: legOf(orders, 'yes', market), no: legOf(orders, 'no', market) },
      close: closeOf(orders, closeFills, market)
    }
  };
}

/** Everything {@link Ledger.recover} reports. */
export function buildRecovery(q: LedgerQueries, markets: MarketRegistry): Recovery {
  const open = q.executionRows({ unfinishedOnly: true });
  const fills = q.fillRows();
  const resume: LedgerResumeRequest[] = [];
  const skipped: SkippedExecution[] = [];
  const dispatched: DispatchedOrder[] = [];
  let pendingOrders = 0;
  let unsent = 0;
  for (const e of open) {
    const orders = q.orders(e.execution_id);
    const unresolved = orders.filter((o) => o.terminal !== 1);
    pendingOrders += unresolved.length;
    const market = markets.get(e.market_id);
    if (!market) {
      const reason = `market ${e.market_id} is not in the markets file`;
      skipped.push({ executionId: e.execution_id, marketId: e.market_id, reason });
      continue;
    }
    unsent += unresolved.filter(neverSent).length;
    for (const o of unresolved) if (o.dispatched_wall_ms !== null) dispatched.push(dispatchOf(o));
    resume.push(resumeOf(e, orders, fills, market));
  }
  const openExposure = openExposureOf(q.positions());
  const breakerState = q.breakerState();
  const r = {
    resume,
    unfinished: open.length,
    pendingOrders,
    neverSent: unsent,
    dispatched,
    openExposure,
    fills: fills.length
  };
  return { ...r, breakerState, skipped, banner: bannerOf({ ...r, skipped, breakerState }) };
}

function dispatchOf(o: OrderRow): DispatchedOrder {
  return {
    clientOrderId: o.client_order_id,
    executionId: o.execution_id,
    venue: o.venue,
    marketId: o.market_id,
    venueOrderId: o.venue_order_id,
    dispatchedWallMs: o.dispatched_wall_ms ?? o.intent_wall_ms
  };
}

/** The one-paragraph start-up banner. */
export function bannerOf(r: Omit<Recovery, 'banner'>): string {
  const closing = r.resume.filter((x) => x.state.close !== null).length;
  const parts = [
    r.unfinished === 0
      ? 'ledger: nothing to recover (no unfinished executions)'
      : `ledger: recovered ${r.unfinished} unfinished execution(s), ${r.resume.length} resuming` +
        (closing > 0 ? ` (${closing} mid auto-close)` : ''),
    `${r.pendingOrders} order(s) to reconcile with the venues` +
      (r.neverSent > 0 ? ` (${r.neverSent} never sent: 0 filled)` : ''),
    `open exposure ${formatQty(r.openExposure)} contracts`,
    `${r.fills} fill(s) on record`,
    r.breakerState === null ? 'no breaker state saved' : 'breaker state loaded'
  ];
  const skipped = r.skipped.map((s) => `NOT resumed ${s.executionId}: ${s.reason}`);
  return [...parts, ...skipped].join('; ');
}
