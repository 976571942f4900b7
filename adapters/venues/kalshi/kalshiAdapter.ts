import type {
  MarketPair,
  Micros,
  OrderOutcome,
  OrderRef,
  OrderRequest,
  Qty,
  VenueAdapter,
  VenueMarketState
} from '../../../core/index.js';
import { ClockSync } from '../common/clockSync.js';
import { clampTimerMs } from '../common/timers.js';
import type { TokenBucket } from '../common/tokenBucket.js';
import { venueBucket, type VenueHealth } from '../common/venueHealth.js';
import { readBalance, readPositions, type KalshiBalance, type SignedGet } from './account.js';
import { KalshiHttp, type HttpAnswer } from './http.js';
import { readMarketState, readSettlements } from './marketState.js';
import { lookupKalshiOrder, type LookupContext } from './lookup.js';
import {
  resolveKalshiOptions,
  type KalshiAdapterOptions,
  type ResolvedKalshiOptions
} from './options.js';
import { placeKalshiOrder, unknownOutcome, type PlaceContext } from './place.js';
import { SendLog } from './sendLog.js';
import { KalshiSigner, Presigner, type KalshiAuthHeaders } from './signer.js';
import type { CreateOrderV2Body } from './wire.js';

const ORDERS_PATH = '/portfolio/events/orders';

/**
 * The Kalshi Trade API v2 venue adapter: IOC orders through
 * `POST /trade-api/v2/portfolio/events/orders`, RSA-PSS signed, on a keep-alive undici pool,
 * inside client-side token buckets. `placeOrder` and `lookupOrder` never throw; anything the
 * venue did not prove is `unknown`.
 *
 * Finality across restarts: `onOrderDispatched` is called once the write token is taken, right
 * before the request is written (a throw means not sent), so a ledger knows which intents never
 * reached the venue. An order dispatched by a previous process is handed back with
 * {@link recall}; absent from `GET /portfolio/orders?ticker=&min_ts=` (by `client_order_id`)
 * once `consistencyWindowMs` (default 10 s) has passed since its last dispatch, it is `none`.
 */
export class KalshiAdapter implements VenueAdapter {
  /** Always `'kalshi'`. */
  readonly venue = 'kalshi' as const;
  private readonly o: ResolvedKalshiOptions;
  private readonly http: KalshiHttp;
  private readonly signer: KalshiSigner;
  private readonly presigner: Presigner | undefined;
  private readonly read: TokenBucket;
  private readonly write: TokenBucket;
  private readonly log = new SendLog();
  private readonly ordersPath: string;
  private readonly placeCtx: PlaceContext;
  private readonly lookupCtx: LookupContext;
  private readonly clockSync: ClockSync;
  private readonly counters = { penaltiesCapped: 0 };

  constructor(options: KalshiAdapterOptions) {
    const o = (this.o = resolveKalshiOptions(options));
    this.clockSync = new ClockSync({
      venue: 'kalshi',
      clock: o.clock,
      wallMs: () => o.clock.wallMs(),
      probe: () => this.probeTime(),
      intervalMs: o.clockSyncMs,
      logger: o.logger
    });
    this.http = new KalshiHttp({
      baseUrl: o.baseUrl,
      clock: o.clock,
      connections: o.connections,
      keepAliveMs: o.keepAliveMs,
      maxResponseBytes: o.maxResponseBytes,
      clockSync: this.clockSync
    });
    this.signer = new KalshiSigner(options.credentials.keyId, options.credentials.privateKey);
    this.presigner =
      o.presignMaxAgeMs > 0 ? new Presigner(this.signer, o.presignMaxAgeMs) : undefined;
    const limits = {
      venue: 'kalshi',
      clock: o.clock,
      maxPenaltyMs: o.maxPenaltyMs,
      logger: o.logger,
      counters: this.counters
    } as const;
    this.read = venueBucket({
      ...limits,
      name: 'reads',
      ratePerSec: o.readPerSec,
      capacity: o.readPerSec
    });
    this.write = venueBucket({
      ...limits,
      name: 'writes',
      ratePerSec: o.writePerSec,
      capacity: o.writePerSec
    });
    this.ordersPath = this.http.prefix + ORDERS_PATH;
    this.placeCtx = {
      opts: o,
      post: (body: CreateOrderV2Body, signal) =>
        this.http.request({
          method: 'POST',
          path: ORDERS_PATH,
          body,
          signal,
          timeoutMs: o.placeMs,
          bucket: this.write,
          // a reduce-only create closes exposure: first in line, not held by a penalty
          lane: body.reduce_only === true ? 'close' : 'normal',
          auth: this.auth,
          beforeSend: () => this.dispatching(body.client_order_id)
        }),
      sent: (order) =>
        this.log.sent(order.clientOrderId, order.market.kalshiTicker, o.clock.wallMs()),
      lookup: (order, signal) => this.lookupOrder(order, signal),
      penalize: (ms) => this.write.penalize(ms),
      sleep: (ms, signal) => this.sleep(ms, signal)
    };
    this.lookupCtx = {
      clock: o.clock,
      sendLog: this.log,
      get: (path, query, signal) => this.get(path, query, signal),
      maxPages: o.lookupMaxPages,
      notFoundGraceMs: o.notFoundGraceMs
    };
  }

  /** Places one IOC order (see {@link placeKalshiOrder}); never throws. */
  async placeOrder(order: OrderRequest, signal: AbortSignal): Promise<OrderOutcome> {
    try {
      return await placeKalshiOrder(this.placeCtx, order, signal);
    } catch (e) {
      return unknownOutcome(order, `adapter error: ${e instanceof Error ? e.name : 'unknown'}`);
    } finally {
      this.preparePresign();
    }
  }

  /**
   * Hands the adapter an order a previous process dispatched (from the ledger, before resuming):
   * it is looked up from `dispatchedWallMs` on, and absent from the orders list after the
   * consistency window since then (`consistencyWindowMs`, default 10 s) it was never placed
   * (`none`). `orderId`: its venue id, if one was recorded.
   */
  recall(clientOrderId: string, ticker: string, dispatchedWallMs: number, orderId?: string): void {
    this.log.recall(clientOrderId, ticker, dispatchedWallMs, this.o.consistencyWindowMs, orderId);
  }

  /** Looks an order up by venue id, else by client order id; never throws. */
  lookupOrder(ref: OrderRef, signal: AbortSignal): Promise<OrderOutcome> {
    return lookupKalshiOrder(this.lookupCtx, ref, signal);
  }

  /** Account cash and portfolio value. Throws `KalshiReadError` on a venue error. */
  balance(signal: AbortSignal = new AbortController().signal): Promise<KalshiBalance> {
    return readBalance(this.get, signal);
  }

  /** Signed positions per ticker (YES > 0, NO < 0), micro-contracts. */
  positions(
    signal: AbortSignal = new AbortController().signal,
    ticker?: string
  ): Promise<Map<string, Qty>> {
    return readPositions(this.get, signal, ticker);
  }

  /** The market's state (`GET /markets/{ticker}`). Throws `KalshiReadError` / `venue_protocol`. */
  marketState(market: MarketPair, signal: AbortSignal): Promise<VenueMarketState> {
    return readMarketState(this.get, market.kalshiTicker, signal);
  }

  /**
   * What Kalshi paid at the market's resolution (`GET /portfolio/settlements`): revenue and fee
   * of the settlement of the cycle closing at `closeWallMs` (default: the market's close time
   * now, when it is resolved) — the first settled at or after that close. Null when none yet
   * (or the market is not resolved). Kalshi lists only markets the account held.
   */
  async settlementPaid(
    market: MarketPair,
    signal: AbortSignal,
    closeWallMs?: number
  ): Promise<{ readonly revenue: Micros; readonly fee: Micros } | null> {
    let close = closeWallMs;
    if (close === undefined) {
      const s = await this.marketState(market, signal);
      if (s.phase !== 'resolved' || s.closeWallMs === null) return null;
      close = s.closeWallMs;
    }
    const after = close;
    const all = await readSettlements(this.get, market.kalshiTicker, signal);
    const mine = all
      .filter((x) => x.settledWallMs >= after)
      .sort((a, b) => a.settledWallMs - b.settledWallMs)[0];
    return mine ? { revenue: mine.revenue, fee: mine.fee } : null;
  }

  /**
   * Opens `connections` keep-alive sockets (public `GET /exchange/status`, concurrently; their
   * `Date` headers measure Kalshi's clock) and prepares the next order signature. Resolves with the number of successful requests.
   */
  async warm(signal: AbortSignal = new AbortController().signal): Promise<number> {
    const one = () =>
      this.http
        .request({
          method: 'GET',
          path: '/exchange/status',
          signal,
          timeoutMs: this.o.readMs,
          bucket: undefined
        })
        .then(
          (a) => (a.status < 500 ? 1 : 0),
          () => 0
        );
    const n = await Promise.all(Array.from({ length: this.o.connections }, one));
    this.preparePresign(); // after the answers' Date headers set the clock offset
    return n.reduce<number>((s, x) => s + x, 0);
  }

  /** Closes the connection pool. */
  close(): Promise<void> {
    return this.http.close();
  }

  /** Measured clock offset and rate-limit alarms (for the metrics). */
  health(): VenueHealth {
    return {
      venue: 'kalshi',
      clockOffsetMs: this.clockSync.offsetMs(),
      penaltiesCapped: this.counters.penaltiesCapped
    };
  }

  /** Measures Kalshi's clock now (a public GET; its `Date` header is the sample). */
  syncClock(): Promise<void> {
    return this.clockSync.sync();
  }

  private async probeTime(): Promise<undefined> {
    await this.http.request({
      method: 'GET',
      path: '/exchange/status',
      signal: new AbortController().signal,
      timeoutMs: this.o.readMs,
      bucket: undefined
    });
    return undefined; // KalshiHttp fed the Date header to the clock sync
  }

  private auth = (method: string, fullPath: string): KalshiAuthHeaders => {
    const now = this.clockSync.nowMs();
    if (this.presigner && method === 'POST' && fullPath === this.ordersPath) {
      const t = this.presigner.take(method, fullPath, now);
      this.o.onEvent({ type: 'presign', used: t.prepared });
      return t.headers;
    }
    return this.signer.headers(method, fullPath, now);
  };

  /** The order is about to be written: the host records it first (throwing: not sent). */
  private dispatching(clientOrderId: string): void {
    this.o.onOrderDispatched?.(clientOrderId, this.o.clock.wallMs());
  }

  private preparePresign(): void {
    const p = this.presigner;
    if (p) setImmediate(() => p.prepare('POST', this.ordersPath, this.clockSync.nowMs()));
  }

  private get: SignedGet = (path, query, signal): Promise<HttpAnswer> =>
    this.http.request({
      method: 'GET',
      path,
      query,
      signal,
      timeoutMs: this.o.readMs,
      bucket: this.read,
      auth: this.auth
    });

  private sleep = (ms: number, signal: AbortSignal): Promise<boolean> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const onAbort = (): void => {
        this.o.clock.clearTimeout(t);
        resolve(false);
      };
      const t = this.o.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, clampTimerMs(ms));
      signal.addEventListener('abort', onAbort, { once: true });
    });
}
