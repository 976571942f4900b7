import type { Clock, Logger } from '../../../core/index.js';
import type { ExchangeKind } from './constants.js';
import type { PolymarketCredentials } from './credentials.js';

/**
 * Default settlement window, ms. A FAK order is matched or killed as it is posted; the CLOB
 * indexes it for `GET /data/order` within ~150 ms and a `delayed` (sports) order within ~3 s,
 * and a match is a trade at once (venue-protocols.md §2.6, §2.7). 10 s leaves a wide margin and
 * stays inside the reconcile deadline (30 s).
 */
export const POLY_SETTLEMENT_WINDOW_MS = 10_000;

/** Options of `PolymarketAdapter`. */
export interface PolymarketAdapterOptions {
  /** CLOB origin, e.g. `https://clob.polymarket.com` or a mock's `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  readonly credentials: PolymarketCredentials;
  /** The engine's shared clock (token buckets). */
  readonly clock: Clock;
  /** `POST /order` timeout, ms (default 3000); past it the order is `unknown`. */
  readonly timeoutMs?: number;
  /** Timeout of each lookup GET, ms (default 2000). */
  readonly lookupTimeoutMs?: number;
  /** Keep-alive sockets (default 4). */
  readonly connections?: number;
  /**
   * Exchange per token id; a market's `polyExchange` wins, and other tokens are discovered from
   * the CLOB once and cached (`marketInfo.ts`): an unproven exchange is never defaulted.
   */
  readonly exchangeKinds?: Readonly<Record<string, ExchangeKind>>;
  /** Gamma origin (default `https://gamma-api.polymarket.com`), asked when the CLOB's market data does not prove a token's exchange. */
  readonly gammaBaseUrl?: string;
  /** Client-side bucket for `POST /order` (default 50/s, burst 100: inside 3,500/10 s and 36,000/10 min). */
  readonly orderRate?: { readonly ratePerSec: number; readonly capacity: number };
  /** Client-side bucket for authenticated GETs (default 10/s, burst 20). */
  readonly lookupRate?: { readonly ratePerSec: number; readonly capacity: number };
  readonly logger?: Logger;
  /**
   * Called with the order id (the EIP-712 hash) and the local wall time of signing, after
   * signing and before the order waits for its token and is posted, so a ledger can store both
   * write-ahead (its dispatch record): after a restart the order is found by that id, and an
   * order never signed provably never reached the CLOB. If it throws, the order is not posted
   * (`rejected`).
   */
  readonly onOrderSigned?: (clientOrderId: string, orderId: string, signedWallMs: number) => void;
  /**
   * Settlement window, ms (default {@link POLY_SETTLEMENT_WINDOW_MS}): once this long has passed
   * since an order was signed, `GET /data/order/{id}` answering `null` is final and the order's
   * fill is what its trades say (`tradesLookup.ts`); before, `null` is `unknown`. Keep it
   * shorter than the engine's reconcile deadline (default 30 s).
   */
  readonly settlementWindowMs?: number;
  /** Pages of `GET /data/trades` read by that lookup at most (default 20; more: `unknown`). */
  readonly tradesMaxPages?: number;
  /**
   * Local wall clock (default `Date.now`); `POLY_TIMESTAMP` and the order timestamp are this
   * plus the measured offset to the CLOB's clock (`GET /time`).
   */
  readonly wallMs?: () => number;
  /** Longest rate-limit penalty a 429 may impose, ms (default 60 000; longer: capped, alarmed). */
  readonly maxPenaltyMs?: number;
  /** Largest response body read, bytes (default 1 MiB); longer answers are `unknown`. */
  readonly maxResponseBytes?: number;
  /** Interval between measurements of the CLOB's clock, ms (default 60 000; `0`: off). */
  readonly clockSyncMs?: number;
}
