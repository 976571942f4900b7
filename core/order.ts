import type { MarketPair, Side, Venue } from './market.js';
import { ZERO_MICROS, ZERO_QTY, type Micros, type Qty } from './money.js';

/** Buy to open, sell to close. */
export type OrderAction = 'buy' | 'sell';

/**
 * One immediate order (Kalshi IOC, Polymarket FAK). `limitPrice` is the price of the
 * outcome being traded (a NO order carries the NO price; adapters translate to venue books).
 */
export interface OrderRequest {
  readonly venue: Venue;
  readonly market: MarketPair;
  readonly side: Side;
  readonly action: OrderAction;
  /** Whole contracts in micro-contracts. */
  readonly qty: Qty;
  readonly limitPrice: Micros;
  /** Our idempotency key; a retry of the same placement reuses it. */
  readonly clientOrderId: string;
  readonly executionId: string;
  /** Closing sells never open new exposure where the venue supports it. */
  readonly reduceOnly: boolean;
}

/**
 * What a venue said about an order.
 * - `filled` / `partial` / `none`: terminal, amounts exact.
 * - `pending`: accepted, fill not yet known (Polymarket `delayed`): look it up.
 * - `unknown`: we could not learn the outcome (timeout, reset, 5xx): look it up; never 0.
 * - `rejected`: the venue refused it; nothing filled.
 */
export type OrderStatus = 'filled' | 'partial' | 'none' | 'pending' | 'unknown' | 'rejected';

/** Terminal statuses: amounts in the outcome are final. */
export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'partial' || status === 'none' || status === 'rejected';
}

/**
 * Why a venue rejected an order. `settlement` is Polymarket's "not enough balance / allowance"
 * right after a buy (retry at the same price); `rate_limited` and `unavailable` are retryable;
 * the rest are permanent for that order.
 */
export type RejectKind =
  | 'settlement'
  | 'rate_limited'
  | 'unavailable'
  | 'insufficient_balance'
  | 'market_closed'
  | 'invalid_order'
  | 'auth'
  | 'other';

/** Whether a rejection of this kind may succeed when retried unchanged. */
export function isRetryableReject(kind: RejectKind): boolean {
  return kind === 'settlement' || kind === 'rate_limited' || kind === 'unavailable';
}

/** A venue's answer to a placement or a lookup, normalized. */
export interface OrderOutcome {
  readonly status: OrderStatus;
  readonly clientOrderId: string;
  /** Venue order id when known (Polymarket knows it before posting). */
  readonly orderId?: string;
  /** Exact filled quantity; 0 unless `filled`/`partial`. */
  readonly filledQty: Qty;
  /** Total paid (buy) or received (sell) for `filledQty`, before fees. */
  readonly notional: Micros;
  /** Fees charged for this order. */
  readonly fee: Micros;
  readonly rejectKind?: RejectKind;
  /** Venue message or local reason, free of secrets. */
  readonly reason?: string;
  /** For `rejected` with `rate_limited`: the venue's Retry-After. */
  readonly retryAfterMs?: number;
  /**
   * Only with `none`: the venue provably never took the order (a lookup found no trace of it
   * past the venue's consistency window). It filled nothing, and it says nothing about the
   * price: a close retries the same price instead of stepping on.
   */
  readonly neverPlaced?: true;
}

/** The amounts of an outcome that filled nothing, to spread into `none`/`rejected`/`unknown`. */
export const NO_FILL: Pick<OrderOutcome, 'filledQty' | 'notional' | 'fee'> = Object.freeze({
  filledQty: ZERO_QTY,
  notional: ZERO_MICROS,
  fee: ZERO_MICROS
});

/** Reference used to look an order up again. */
export interface OrderRef {
  readonly venue: Venue;
  readonly market: MarketPair;
  readonly side: Side;
  readonly action: OrderAction;
  readonly qty: Qty;
  readonly clientOrderId: string;
  readonly orderId?: string;
}

/**
 * The outcome of an order we could not hear back from, or whose answer proved nothing:
 * `unknown`, to be looked up — never 0 filled.
 */
export function unknownOutcome(
  clientOrderId: string,
  reason: string,
  orderId?: string
): OrderOutcome {
  const base = { status: 'unknown' as const, clientOrderId, ...NO_FILL, reason };
  return orderId !== undefined ? { ...base, orderId } : base;
}
