import type { ExecutionResult } from './result.js';
import type { FillRecord } from './fill.js';
import type { VenueHoldings } from './holdings.js';
import type { MarketPair, Venue } from './market.js';
import { asQty, type Qty } from './money.js';
import type { OrderOutcome, OrderRef, OrderRequest } from './order.js';
import type { FastExecutionRequest } from './request.js';

/**
 * A venue behind one interface: real (Kalshi, Polymarket) or simulated.
 *
 * Contract: `placeOrder` never throws for venue-level outcomes; it returns an
 * {@link OrderOutcome}. If it cannot prove the outcome (timeout, reset, 5xx, aborted after
 * sending) it returns `unknown`, and the engine looks the order up. Throwing is treated as
 * `unknown` too — never as "0 filled".
 */
export interface VenueAdapter {
  readonly venue: Venue;
  /** Place one immediate order (Kalshi IOC, Polymarket FAK). */
  placeOrder(order: OrderRequest, signal: AbortSignal): Promise<OrderOutcome>;
  /** Look an order up by venue id or by our client order id. */
  lookupOrder(ref: OrderRef, signal: AbortSignal): Promise<OrderOutcome>;
}

/** Opaque timer handle of a {@link Clock}. */
export type TimerHandle = unknown;

/**
 * The one clock every component shares (latency numbers are only meaningful from one origin).
 * It is also the timer source of every execution actor, so a manual clock drives the 2 s,
 * 10 s and 300 s rules in tests without waiting.
 */
export interface Clock {
  /** Monotonic nanoseconds since the clock's origin. */
  nowNs(): number;
  /** Wall-clock milliseconds since the Unix epoch (for records, never for durations). */
  wallMs(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Why the risk layer refuses an opportunity. */
export type RiskBlock = 'blacklisted' | 'cooldown' | 'circuit_breaker';

/** The risk layer's answer before an execution. */
export interface RiskVerdict {
  readonly blocked: RiskBlock | null;
  readonly detail?: string;
  /** Largest contract count the limits allow for this market at these prices. */
  readonly capacity: Qty;
}

/**
 * The risk layer (circuit breaker, limits, blacklist) as seen by executions. The engine asks
 * it before every execution and reports every fill and every result to it.
 */
export interface RiskPort {
  assess(req: FastExecutionRequest, market: MarketPair): RiskVerdict;
  onFill(fill: FillRecord): void;
  onResult(result: ExecutionResult): void;
  /**
   * An execution resumed after a restart never passes `assess`: this reserves its worst case
   * (`qty` contracts of both legs at the request's prices) until its result arrives, so fills
   * learned late cannot push positions past the limits.
   */
  onResume?(req: FastExecutionRequest, market: MarketPair, qty: Qty): void;
  /**
   * What the venues hold of the market now, the way they hold it (Kalshi net, Polymarket
   * tokens), or null when not known. The execution reads it once before its legs (a resumed
   * one when it is recovered) and adds its own fills; its auto-close sells only what is held.
   * Only one execution runs per market at a time, so nothing else moves it meanwhile.
   * Absent: the auto-close sells the excess leg on its own venue, as before.
   */
  holdings?(marketId: number): VenueHoldings | null;
}

/** A risk port that never blocks and caps nothing (the default until limits are configured). */
export const PERMISSIVE_RISK: RiskPort = {
  assess: () => ({ blocked: null, capacity: asQty(Number.MAX_SAFE_INTEGER) }),
  onFill: () => undefined,
  onResult: () => undefined
};

/** Structured logger (pino's shape). */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A logger that drops everything. */
export const SILENT_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined
};

/** Role of an order within an execution. */
export type OrderRole = 'entry' | 'close';

/**
 * The durable record of what the engine did, written ahead of reporting: an order's intent
 * before it is sent, its outcome before the machine acts on it, every fill before `fills$`,
 * and the result before `results$`. Calls are synchronous so "written" means written when they
 * return; an implementation batches within a tick if it wants to.
 */
export interface Journal {
  executionStarted(executionId: string, req: FastExecutionRequest, wallMs: number): void;
  orderIntent(order: OrderRequest, role: OrderRole, wallMs: number): void;
  /** An order's outcome as the engine learned it (placement answer or lookup). */
  orderOutcome(ref: OrderRef, outcome: OrderOutcome, wallMs: number): void;
  fill(fill: FillRecord): void;
  executionFinished(result: ExecutionResult, wallMs: number): void;
}

/** A journal that records nothing (paper runs without a ledger, tests). */
export const NULL_JOURNAL: Journal = {
  executionStarted: () => undefined,
  orderIntent: () => undefined,
  orderOutcome: () => undefined,
  fill: () => undefined,
  executionFinished: () => undefined
};
