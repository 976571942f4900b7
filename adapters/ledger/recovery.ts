/**
 * Start-up recovery: every execution started and not finished becomes a resume request
 * built only from what was stored write-ahead — intents, terminal outcomes, venue ids and
 * close fills — so the engine looks up what it never heard back and continues closing.
 */
import {
  formatQty,
  addMicros,
  addQty,
  ZERO_MICROS,
  ZERO_QTY,
  type ArbType,
  type FastExecutionRequest,
  type MarketPair,
  type MarketRegistry,
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

function legOf(orders: readonly OrderRow[], side: Side, market: MarketPair): LedgerResumeLeg {
  const row = orders.find((o) => o.role === 'entry' && o.side === side);
  if (!row) return { order: null, outcome: null };
  const base = { order: orderOf(row, market), outcome: terminalOutcomeOf(row) };
  return row.venue_order_id !== null ? { ...base, orderId: row.venue_order_id } : base;
}

function closeOf(
  orders: readonly OrderRow[],
  sells: readonly FillRow[],
  market: MarketPair
): LedgerResumeClose | null {
  const closes = orders.filter((o) => o.role === 'close');
  const last = closes.at(-1);
  if (!last) return null;
  const pending = last.terminal === 1 ? null : last;
  const base = {
    closed: sells.reduce((s, f) => addQty(s, f.contracts), ZERO_QTY),
    proceeds: sells.reduce((s, f) => addMicros(s, f.notional), ZERO_MICROS),
    fee: sells.reduce((s, f) => addMicros(s, f.fee), ZERO_MICROS),
    attempts: closes.length,
    price: last.limit_price,
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
  const sells = fills.filter((f) => f.execution_id === e.execution_id && f.action === 'sell');
  return {
    executionId: e.execution_id,
    req: requestOf(e),
    state: {
      qty: entries[0]?.qty ?? ZERO_QTY,
      legs: { yes: legOf(orders, 'yes', market), no: legOf(orders, 'no', market) },
      close: closeOf(orders, sells, market)
    }
  };
}

/** Everything {@link Ledger.recover} reports. */
export function buildRecovery(q: LedgerQueries, markets: MarketRegistry): Recovery {
  const open = q.executionRows({ unfinishedOnly: true });
  const fills = q.fillRows();
  const resume: LedgerResumeRequest[] = [];
  const skipped: SkippedExecution[] = [];
  let pendingOrders = 0;
  for (const e of open) {
    const orders = q.orders(e.execution_id);
    pendingOrders += orders.filter((o) => o.terminal !== 1).length;
    const market = markets.get(e.market_id);
    if (!market) {
      const reason = `market ${e.market_id} is not in the markets file`;
      skipped.push({ executionId: e.execution_id, marketId: e.market_id, reason });
      continue;
    }
    resume.push(resumeOf(e, orders, fills, market));
  }
  const openExposure = openExposureOf(q.positions());
  const breakerState = q.breakerState();
  const r = { resume, unfinished: open.length, pendingOrders, openExposure, fills: fills.length };
  return { ...r, breakerState, skipped, banner: bannerOf({ ...r, skipped, breakerState }) };
}

/** The one-paragraph start-up banner. */
export function bannerOf(r: Omit<Recovery, 'banner'>): string {
  const closing = r.resume.filter((x) => x.state.close !== null).length;
  const parts = [
    r.unfinished === 0
      ? 'ledger: nothing to recover (no unfinished executions)'
      : `ledger: recovered ${r.unfinished} unfinished execution(s), ${r.resume.length} resuming` +
        (closing > 0 ? ` (${closing} mid auto-close)` : ''),
    `${r.pendingOrders} order(s) to reconcile with the venues`,
    `open exposure ${formatQty(r.openExposure)} contracts`,
    `${r.fills} fill(s) on record`,
    r.breakerState === null ? 'no breaker state saved' : 'breaker state loaded'
  ];
  const skipped = r.skipped.map((s) => `NOT resumed ${s.executionId}: ${s.reason}`);
  return [...parts, ...skipped].join('; ');
}
