import { CENT, SILENT_LOGGER, type Clock, type Logger, type Micros } from '../../../core/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../common/boundedBody.js';
import { DEFAULT_CLOCK_SYNC_MS } from '../common/clockSync.js';
import { DEFAULT_MAX_PENALTY_MS } from '../common/tokenBucket.js';
import type { KalshiCredentials } from './credentials.js';

/** Production REST root (the SDK default). */
export const KALSHI_PROD_URL = 'https://external-api.kalshi.com/trade-api/v2';
/** Demo REST root. */
export const KALSHI_DEMO_URL = 'https://external-api.demo.kalshi.co/trade-api/v2';

/** Something the adapter did that a host may want to count or log. */
export type KalshiAdapterEvent =
  | {
      readonly type: 'retry';
      readonly clientOrderId: string;
      readonly attempt: number;
      readonly cause: 'rate_limited' | 'http_5xx' | 'network' | 'refused';
      readonly waitMs: number;
    }
  | { readonly type: 'duplicate'; readonly clientOrderId: string }
  | { readonly type: 'presign'; readonly used: boolean };

/** Options of {@link KalshiAdapter}. */
export interface KalshiAdapterOptions {
  readonly credentials: KalshiCredentials;
  /** The shared engine clock (timeouts, backoff, token buckets, signature timestamps). */
  readonly clock: Clock;
  /** API root including `/trade-api/v2` (default {@link KALSHI_PROD_URL}). */
  readonly baseUrl?: string;
  readonly logger?: Logger;
  /** Keep-alive connections in the pool (default 4). */
  readonly connections?: number;
  /** Idle keep-alive per socket, ms (default 30 000). */
  readonly keepAliveMs?: number;
  /** Per-request timeouts, ms: placements (default 3 000) and reads (default 2 000). */
  readonly timeouts?: { readonly placeMs?: number; readonly readMs?: number };
  /** Client-side rate limits, requests/s (default Basic tier: 20 reads, 10 writes). */
  readonly rateLimit?: { readonly readPerSec?: number; readonly writePerSec?: number };
  /**
   * Placement retries with the same client order id: total attempts (default 3), longest
   * `Retry-After` honoured (default 2 000 ms), pause after a 5xx/reset (default 50 ms).
   */
  readonly retry?: {
    readonly maxAttempts?: number;
    readonly maxRetryAfterMs?: number;
    readonly backoffMs?: number;
  };
  /** Fee rounding unit (default 1¢; $0.0001 for direct members). */
  readonly feeUnitMicros?: Micros;
  /** Max age of a prepared order signature, ms (default 250); `0` disables presigning. */
  readonly presignMaxAgeMs?: number;
  /** "Not found" stays `unknown` this long after an uncertain send, ms (default 2 000). */
  readonly notFoundGraceMs?: number;
  /** Pages of the orders list scanned by a client-order-id lookup (default 5). */
  readonly lookupMaxPages?: number;
  /**
   * Consistency window of the orders list for an order recalled after a restart
   * ({@link KalshiAdapter.recall}), ms (default {@link KALSHI_CONSISTENCY_WINDOW_MS}): absent
   * from `GET /portfolio/orders` this long after its last dispatch, it was never placed
   * (`none`); before, "not found" is `unknown`. Keep it shorter than the engine's reconcile
   * deadline (default 30 s), or the recalled order ends unresolved.
   */
  readonly consistencyWindowMs?: number;
  /**
   * Called synchronously when an order is about to be written to the socket: after its write
   * token was taken, before the request leaves (every attempt; `wallMs` is the clock's wall
   * time). Store it write-ahead (the ledger's `recordDispatch`). If it throws, the order is not
   * sent: `rejected` unless an earlier attempt may have placed it.
   */
  readonly onOrderDispatched?: (clientOrderId: string, wallMs: number) => void;
  readonly onEvent?: (e: KalshiAdapterEvent) => void;
  /** Longest rate-limit penalty a 429 may impose, ms (default 60 000; longer: capped, alarmed). */
  readonly maxPenaltyMs?: number;
  /** Largest response body read, bytes (default 1 MiB); longer answers are `unknown`. */
  readonly maxResponseBytes?: number;
  /**
   * Interval between measurements of Kalshi's clock (the `Date` header), ms (default 60 000;
   * `0`: off). `KALSHI-ACCESS-TIMESTAMP` is the clock's wall time plus the measured offset.
   */
  readonly clockSyncMs?: number;
}

/**
 * Default consistency window of the orders list, ms: how long after its last dispatch an order
 * absent from `GET /portfolio/orders` may still appear. Kalshi documents no figure; a created
 * IOC order is listed at once in practice (create answers carry `ts_ms`, the list is read from
 * the same order store), so 10 s is ample and stays inside the reconcile deadline (30 s).
 */
export const KALSHI_CONSISTENCY_WINDOW_MS = 10_000;

/** {@link KalshiAdapterOptions} with every default applied. */
export interface ResolvedKalshiOptions {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly connections: number;
  readonly keepAliveMs: number;
  readonly placeMs: number;
  readonly readMs: number;
  readonly readPerSec: number;
  readonly writePerSec: number;
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  readonly backoffMs: number;
  readonly feeUnitMicros: Micros;
  readonly presignMaxAgeMs: number;
  readonly notFoundGraceMs: number;
  readonly lookupMaxPages: number;
  readonly consistencyWindowMs: number;
  readonly onOrderDispatched: ((clientOrderId: string, wallMs: number) => void) | undefined;
  readonly onEvent: (e: KalshiAdapterEvent) => void;
  readonly maxPenaltyMs: number;
  readonly maxResponseBytes: number;
  readonly clockSyncMs: number;
}

/** Applies defaults. */
export function resolveKalshiOptions(o: KalshiAdapterOptions): ResolvedKalshiOptions {
  return {
    baseUrl: o.baseUrl ?? KALSHI_PROD_URL,
    clock: o.clock,
    logger: o.logger ?? SILENT_LOGGER,
    connections: o.connections ?? 4,
    keepAliveMs: o.keepAliveMs ?? 30_000,
    placeMs: o.timeouts?.placeMs ?? 3_000,
    readMs: o.timeouts?.readMs ?? 2_000,
    readPerSec: o.rateLimit?.readPerSec ?? 20,
    writePerSec: o.rateLimit?.writePerSec ?? 10,
    maxAttempts: Math.max(1, o.retry?.maxAttempts ?? 3),
    maxRetryAfterMs: o.retry?.maxRetryAfterMs ?? 2_000,
    backoffMs: o.retry?.backoffMs ?? 50,
    feeUnitMicros: o.feeUnitMicros ?? CENT,
    presignMaxAgeMs: o.presignMaxAgeMs ?? 250,
    notFoundGraceMs: o.notFoundGraceMs ?? 2_000,
    lookupMaxPages: o.lookupMaxPages ?? 5,
    consistencyWindowMs: o.consistencyWindowMs ?? KALSHI_CONSISTENCY_WINDOW_MS,
    onOrderDispatched: o.onOrderDispatched,
    onEvent: o.onEvent ?? (() => undefined),
    maxPenaltyMs: o.maxPenaltyMs ?? DEFAULT_MAX_PENALTY_MS,
    maxResponseBytes: o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    clockSyncMs: o.clockSyncMs ?? DEFAULT_CLOCK_SYNC_MS
  };
}
