import type { KeyObject } from 'node:crypto';
import type { Micros, Qty } from '../../../../core/index.js';
import type { KalshiMockLifecycle } from './lifecycle.js';

/** Kalshi price grids (`price_level_structure`). */
export type PriceLevelStructure = 'linear_cent' | 'tapered_deci_cent' | 'deci_cent';

/** One level of the YES book: price in micro-dollars, size in micro-contracts. */
export interface MockLevel {
  readonly price: Micros;
  readonly qty: Qty;
}

/** The single YES book of a market: bids (buy YES ≡ sell NO) and asks (sell YES ≡ buy NO). */
export interface MockBook {
  readonly bids: readonly MockLevel[];
  readonly asks: readonly MockLevel[];
}

/** A market the mock lists. */
export interface MockMarketInput {
  /** Price grid (default `linear_cent`). */
  readonly structure?: PriceLevelStructure;
  /** Whether 0.01-contract counts are allowed (default false: whole contracts). */
  readonly fractional?: boolean;
  readonly book?: MockBook;
}

/**
 * A fault for the next matching request(s).
 * - `rate_limit`: 429 with `Retry-After` (seconds), order not processed.
 * - `error`: that status with a Kalshi error body; `afterProcessing` runs the request first
 *   (a gateway error on an order that was placed).
 * - `slow`: processed at once, answered after `delayMs` (real time) — a timeout on a placed order.
 * - `drop`: the socket is destroyed; `afterProcessing` (default true) places the order first.
 */
export type MockFault =
  | { readonly type: 'rate_limit'; readonly retryAfterSec?: number }
  | {
      readonly type: 'error';
      readonly status: number;
      readonly code?: string;
      readonly afterProcessing?: boolean;
    }
  | { readonly type: 'slow'; readonly delayMs: number }
  | { readonly type: 'drop'; readonly afterProcessing?: boolean };

/** A fault for the next `times` (default 1) requests matching `method` / `path` (pathname suffix). */
export interface MockScriptRule {
  readonly fault: MockFault;
  readonly times?: number;
  readonly match?: { readonly method?: string; readonly path?: string };
}

/** Options of {@link startKalshiMock}. */
export interface KalshiMockOptions {
  /** Public key (PEM or KeyObject) that every signature must verify against. */
  readonly publicKey: KeyObject | string;
  /** When set, `KALSHI-ACCESS-KEY` must equal it. */
  readonly keyId?: string;
  /** Port on 127.0.0.1 (default 0: random). */
  readonly port?: number;
  readonly markets?: Readonly<Record<string, MockMarketInput>>;
  /** Starting cash, micro-dollars (default $10 000). */
  readonly balance?: Micros;
  /** Starting signed positions per ticker (YES > 0, NO < 0), micro-contracts. */
  readonly positions?: Readonly<Record<string, Qty>>;
  /** A reduce-only order larger than the position: 400 (default, as captured) or capped (V2 doc). */
  readonly reduceOnlyExcess?: 'cap' | 'reject';
  /** Reject timestamps further than this from `now()`, ms (default 5 minutes; `Infinity`: off). */
  readonly maxSkewMs?: number;
  /** Wall clock for timestamps and skew checks (default `Date.now`). */
  readonly now?: () => number;
  /**
   * Recurring market lifecycle (active → closed → finalized with a seeded result → active),
   * for the tickers it names; absent (default): markets stay active for ever.
   */
  readonly lifecycle?: KalshiMockLifecycle;
  /** Status of the legacy `POST /portfolio/orders` answer (default 400; one report says 2xx). */
  readonly legacyStatus?: number;
}

/** One order the mock accepted, in micro units. */
export interface MockOrder {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly ticker: string;
  readonly side: 'bid' | 'ask';
  /** YES limit price. */
  readonly price: Micros;
  readonly requested: Qty;
  /** Effective count (a reduce-only order capped at the position). */
  readonly initial: Qty;
  readonly filled: Qty;
  /** Σ level qty × YES price. */
  readonly yesValue: Micros;
  readonly fee: Micros;
  readonly reduceOnly: boolean;
  readonly timeInForce: string;
  readonly status: 'executed' | 'canceled';
  readonly createdMs: number;
}

/** One fill (one per order that filled anything). */
export interface MockFill {
  readonly fillId: string;
  readonly orderId: string;
  readonly ticker: string;
  readonly side: 'bid' | 'ask';
  readonly qty: Qty;
  /** Average YES price, micro-dollars (half-up). */
  readonly yesPrice: Micros;
  readonly fee: Micros;
  readonly createdMs: number;
}

/** A request the mock received (for assertions). */
export interface MockRequestLog {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly authOk: boolean;
  readonly clientOrderId?: string;
  readonly status: number | 'dropped';
}
