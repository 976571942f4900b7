/**
 * Row shapes of the ledger tables and their conversions back to core types. Money and
 * quantities are stored as SQLite INTEGERs (exact up to 2^63; core values stay below 2^53);
 * the row types carry their units (`Micros`, `Qty`), so a row read back is branded where it
 * is read.
 */
import type {
  MarketPair,
  Micros,
  OrderOutcome,
  OrderRequest,
  OrderStatus,
  Qty,
  RejectKind,
  Side,
  Venue
} from '../../core/index.js';

/** A row of `orders`. */
export interface OrderRow {
  readonly seq: number;
  readonly client_order_id: string;
  readonly execution_id: string;
  readonly role: 'entry' | 'close';
  readonly venue: Venue;
  readonly market_id: number;
  readonly side: Side;
  readonly action: 'buy' | 'sell';
  readonly qty: Qty;
  readonly limit_price: Micros;
  readonly reduce_only: number;
  readonly intent_wall_ms: number;
  readonly venue_order_id: string | null;
  readonly status: OrderStatus | 'intent';
  readonly terminal: number;
  readonly filled: Qty;
  readonly notional: Micros;
  readonly fee: Micros;
  readonly reject_kind: RejectKind | null;
  readonly reason: string | null;
  /** 1 when the adapter records dispatch for this order (schema v2; 0 before). */
  readonly dispatch_tracked: number;
  /** Wall ms of the latest dispatch (Kalshi: handed to the socket; Polymarket: signed). */
  readonly dispatched_wall_ms: number | null;
}

/** A row of `executions`. */
export interface ExecutionRow {
  readonly execution_id: string;
  readonly market_id: number;
  readonly arb_type: string;
  readonly yes_price: Micros;
  readonly no_price: Micros;
  readonly yes_size: Qty;
  readonly no_size: Qty;
  readonly detected_ns: number;
  readonly started_wall_ms: number;
  readonly finished_wall_ms: number | null;
  readonly success: number | null;
  readonly error: string | null;
  readonly matched: Qty | null;
  readonly realized_profit: Micros | null;
  readonly unhedged: Qty | null;
}

/** A row of `fills`. */
export interface FillRow {
  readonly client_order_id: string;
  readonly venue_order_id: string | null;
  readonly execution_id: string;
  readonly market_id: number;
  readonly pair_id: string;
  readonly description: string;
  readonly venue: Venue;
  readonly side: Side;
  readonly action: 'buy' | 'sell';
  readonly contracts: Qty;
  readonly notional: Micros;
  readonly fee: Micros;
  readonly wall_ms: number;
  readonly reported: number;
}

/** The order as it was sent, rebuilt from its intent row and the configured market. */
export function orderOf(r: OrderRow, market: MarketPair): OrderRequest {
  return {
    venue: r.venue,
    market,
    side: r.side,
    action: r.action,
    qty: r.qty,
    limitPrice: r.limit_price,
    clientOrderId: r.client_order_id,
    executionId: r.execution_id,
    reduceOnly: r.reduce_only === 1
  };
}

/** The stored terminal outcome of an order, or null when none was stored. */
export function terminalOutcomeOf(r: OrderRow): OrderOutcome | null {
  if (r.terminal !== 1 || r.status === 'intent') return null;
  return {
    status: r.status,
    clientOrderId: r.client_order_id,
    ...(r.venue_order_id !== null ? { orderId: r.venue_order_id } : {}),
    filledQty: r.filled,
    notional: r.notional,
    fee: r.fee,
    ...(r.reject_kind !== null ? { rejectKind: r.reject_kind } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {})
  };
}
