import type { Address } from 'viem';
import type { Micros, Qty } from '../../../../core/index.js';
import type { ExchangeKind } from '../constants.js';
import type { MockPair, PolymarketMockLifecycle } from './lifecycle.js';

/** One resting level of a mock book (micro-dollars per share, micro-shares). */
export interface MockLevel {
  readonly price: Micros;
  readonly qty: Qty;
}

/** Resting liquidity of one token: asks (we buy from), bids (we sell into). */
export interface MockBook {
  readonly asks: readonly MockLevel[];
  readonly bids: readonly MockLevel[];
}

/** A token the mock lists (unlisted tokens: standard exchange, tick 0.01). */
export interface MockMarket {
  readonly tokenId: string;
  /** Tick as the venue writes it ("0.01", "0.001", …). Default "0.01". */
  readonly tickSize?: string;
  readonly kind?: ExchangeKind;
  /** Limit-order minimum size in shares (default 5). */
  readonly minOrderSize?: number;
}

/**
 * A scripted behaviour of the mock:
 * - `fill`: normal matching against the book (the default with no script);
 * - `partial`: match at most `qty`;
 * - `no_match`: the FAK no-match 400 whatever the book;
 * - `delayed`: answer `delayed` with empty amounts, then after `afterMs` (default the mock's
 *   `delayMs`) match (`fill`) or cancel (`cancel`); lookups see LIVE until then;
 * - `rate_limit`: 429 with `Retry-After: retryAfterSec` (default 1);
 * - `server_error`: `status` (default 500); with `execute` the order is matched first
 *   (placed, answer lost);
 * - `slow`: the order is matched at once, the answer sent after `ms`;
 * - `drop`: the socket is destroyed without an answer (`execute`: matched first);
 * - `version_mismatch`: 400 `order_version_mismatch`;
 * - `null_lookup`: a `GET /data/order` answers JSON `null`.
 */
export type MockMode =
  | { readonly kind: 'fill' }
  | { readonly kind: 'partial'; readonly qty: Qty }
  | { readonly kind: 'no_match' }
  | { readonly kind: 'delayed'; readonly resolve: 'fill' | 'cancel'; readonly afterMs?: number }
  | { readonly kind: 'rate_limit'; readonly retryAfterSec?: number }
  | { readonly kind: 'server_error'; readonly status?: number; readonly execute?: boolean }
  | { readonly kind: 'slow'; readonly ms: number }
  | { readonly kind: 'drop'; readonly execute?: boolean }
  | { readonly kind: 'version_mismatch' }
  | { readonly kind: 'null_lookup' };

/** Applies `mode` to the next `times` (default 1) requests of kind `on` (default `order`). */
export interface MockScript {
  readonly on?: 'order' | 'lookup';
  readonly times?: number;
  readonly mode: MockMode;
}

/** Options of `startPolymarketMock`. */
export interface PolymarketMockOptions {
  /** The one API key the mock accepts, bound to `address`. */
  readonly apiKey: string;
  readonly secret: string;
  readonly passphrase: string;
  /** Signer (EOA) address of the API key. */
  readonly address: Address;
  /** Accepted maker for signature types 1/2 (default: `address`). */
  readonly funder?: Address;
  readonly markets?: readonly MockMarket[];
  /** pUSD balance, micro-dollars (default $1,000,000). */
  readonly balance?: Micros;
  /** Shares bought less than this long ago cannot be sold yet (default 0). */
  readonly settlementLagMs?: number;
  /** `GET /data/order` answers `null` this long after posting (default 150). */
  readonly lookupNullMs?: number;
  /** Default matching delay of `delayed` orders, ms (default 300). */
  readonly delayMs?: number;
  /** Port (default 0: random). Always bound to 127.0.0.1. */
  readonly port?: number;
  /**
   * Tolerated distance between the mock's clock and `POLY_TIMESTAMP` (seconds) or an order's
   * `timestamp` (ms), in ms (default 5 minutes; the venue's window is undocumented).
   */
  readonly maxSkewMs?: number;
  /** The mock's wall clock, ms (default `Date.now`). */
  readonly now?: () => number;
  /** Trades per `GET /data/trades` page (default 100). */
  readonly tradesPageSize?: number;
  /**
   * Questions as YES/NO token pairs: each pair is ONE market (one condition id, both tokens
   * listed). Unpaired tokens keep a market of their own.
   */
  readonly pairs?: readonly MockPair[];
  /** Recurring lifecycle of the paired markets (absent: they never close). */
  readonly lifecycle?: PolymarketMockLifecycle;
}

/** An order as the mock keeps it. */
export interface MockOrder {
  readonly orderId: string;
  readonly tokenId: string;
  readonly side: 'BUY' | 'SELL';
  readonly orderType: string;
  /** Shares asked for and the pUSD side, base units. */
  readonly shares: Qty;
  readonly cash: Micros;
  readonly createdAtMs: number;
  status: 'LIVE' | 'MATCHED' | 'CANCELED';
  sizeMatched: Qty;
  /** Paid (BUY) or received (SELL). */
  notional: Micros;
  tradeIds: string[];
}

/** One fill the mock made. */
export interface MockFill {
  readonly orderId: string;
  readonly tradeId: string;
  readonly tokenId: string;
  readonly side: 'BUY' | 'SELL';
  readonly qty: Qty;
  readonly notional: Micros;
  readonly levels: readonly MockLevel[];
}
