import type {
  Logger,
  MarketPair,
  OrderOutcome,
  OrderRef,
  OrderRequest,
  VenueAdapter,
  VenueMarketState
} from '../../../core/index.js';
import { isTerminal, isTwinlegError, SILENT_LOGGER, TwinlegError } from '../../../core/index.js';
import { ClockSync, DEFAULT_CLOCK_SYNC_MS } from '../common/clockSync.js';
import { DEFAULT_MAX_PENALTY_MS, type TokenBucket } from '../common/tokenBucket.js';
import { venueBucket, type VenueHealth } from '../common/venueHealth.js';
import { fakAmounts } from './amounts.js';
import { POLY_SETTLEMENT_WINDOW_MS, type PolymarketAdapterOptions } from './options.js';
import type { PolymarketCredentials } from './credentials.js';
import { HttpFailure, probeServerTime, VenueHttp, type HttpResponse } from './http.js';
import { readConditionId } from './wire.js';
import { failureOutcome, postOutcome } from './postOutcome.js';
import { laneOf, takeToken } from './rateLimit.js';
import { lookupById, NULL_RECORD } from './lookup.js';
import { GAMMA_PROD_URL } from './gammaMarket.js';
import { ExchangeDirectory } from './marketInfo.js';
import { PolymarketMarketStates } from './marketState.js';
import { buildSignedOrder, orderBody } from './orderBuilder.js';
import { emptyOutcome, rejectedOutcome } from './outcomes.js';
import { outcomeFromTrades } from './tradesLookup.js';

interface Placed {
  readonly orderId: string;
  /** Local wall ms of signing (this process's, or recalled from a ledger). */
  readonly signedWallMs: number;
  last: OrderOutcome | undefined;
}

/** Trades are read from this long before signing (clock offsets between us and the CLOB). */
const TRADES_MARGIN_SEC = 60;

const MAX_REMEMBERED = 20_000;

/**
 * Polymarket CLOB V2 venue adapter: FAK orders signed with EIP-712 (viem) and sent with L2
 * HMAC headers over an undici keep-alive pool.
 *
 * - The order id (EIP-712 hash) is known before posting and remembered per client order id,
 *   so a lookup after a timeout (engine ref without an id) still finds it.
 * - `delayed` (and `live`/`unmatched`) answers return `pending` at once: the engine's
 *   reconcile loop polls {@link lookupOrder} with its backoff and deadline (one policy, on the
 *   engine clock) instead of a second hidden poll loop here.
 * - Timeout, reset, 5xx, 425, malformed `matched` → `unknown` (never 0). Connection refused or
 *   aborted before dispatch → `rejected` (provably not sent).
 * - A placement repeated with the same client order id never posts a second live order: a
 *   known terminal fill is returned again, a pending/unknown one is looked up; only after a
 *   rejection is a fresh order signed.
 * - Finality: `onOrderSigned` stores the id and signing time before the order can be posted (a
 *   throw means not posted), so an order never signed never reached the CLOB. An order signed
 *   by a previous process is handed back with {@link recall}. `GET /data/order/{id}` answering
 *   `null` is `unknown` inside the settlement window since signing (default 10 s); past it the
 *   order filled what its trades say (`GET /data/trades?market=&after=`, the trades whose
 *   `taker_order_id` is the order's id; none → `none`).
 */
export class PolymarketAdapter implements VenueAdapter {
  /** Always `polymarket`. */
  readonly venue = 'polymarket' as const;
  private readonly http: VenueHttp;
  /** Gamma, asked only when the CLOB does not prove a token's exchange (`marketInfo.ts`). */
  private readonly gammaHttp: VenueHttp;
  private readonly creds: PolymarketCredentials;
  private readonly log: Logger;
  private readonly orderBucket: TokenBucket;
  private readonly getBucket: TokenBucket;
  private readonly exchanges: ExchangeDirectory;
  private readonly placed = new Map<string, Placed>();
  /** Condition id per token id (`GET /markets-by-token/{token}`), for trade lookups. */
  private readonly conditions = new Map<string, string>();
  private readonly localWallMs: () => number;
  private readonly settlementWindowMs: number;
  private readonly timeoutMs: number;
  private readonly lookupTimeoutMs: number;
  private readonly wallMs: () => number;
  private readonly clockSync: ClockSync;
  private readonly counters = { penaltiesCapped: 0 };
  private readonly marketStates = new PolymarketMarketStates((path, signal) =>
    this.get(path, '', signal, false)
  );

  constructor(private readonly opts: PolymarketAdapterOptions) {
    const maxBytes = opts.maxResponseBytes;
    this.http = new VenueHttp(opts.baseUrl, {
      connections: opts.connections ?? 4,
      ...(maxBytes === undefined ? {} : { maxResponseBytes: maxBytes })
    });
    this.creds = opts.credentials;
    this.log = opts.logger ?? SILENT_LOGGER;
    const or = opts.orderRate ?? { ratePerSec: 50, capacity: 100 };
    const lr = opts.lookupRate ?? { ratePerSec: 10, capacity: 20 };
    const limits = {
      venue: 'polymarket',
      clock: opts.clock,
      maxPenaltyMs: opts.maxPenaltyMs ?? DEFAULT_MAX_PENALTY_MS,
      logger: this.log,
      counters: this.counters
    } as const;
    this.orderBucket = venueBucket({ ...or, ...limits, name: 'orders' });
    this.getBucket = venueBucket({ ...lr, ...limits, name: 'reads' });
    this.gammaHttp = new VenueHttp(opts.gammaBaseUrl ?? GAMMA_PROD_URL, {
      connections: 1,
      ...(maxBytes === undefined ? {} : { maxResponseBytes: maxBytes })
    });
    const gammaGet = (path: string) =>
      this.gammaHttp.request(
        'GET',
        path,
        {},
        undefined,
        new AbortController().signal,
        this.lookupTimeoutMs
      );
    this.exchanges = new ExchangeDirectory(
      (path) => this.get(path, '', new AbortController().signal, false),
      opts.exchangeKinds,
      gammaGet
    );
    this.timeoutMs = opts.timeoutMs ?? 3_000;
    this.lookupTimeoutMs = opts.lookupTimeoutMs ?? 2_000;
    const wall = opts.wallMs ?? Date.now;
    this.localWallMs = wall;
    this.settlementWindowMs = opts.settlementWindowMs ?? POLY_SETTLEMENT_WINDOW_MS;
    this.clockSync = new ClockSync({
      venue: 'polymarket',
      clock: opts.clock,
      wallMs: wall,
      probe: () => probeServerTime(this.http, wall, this.lookupTimeoutMs),
      intervalMs: opts.clockSyncMs ?? DEFAULT_CLOCK_SYNC_MS,
      logger: this.log
    });
    // POLY_TIMESTAMP and order timestamps are on the CLOB's clock
    this.wallMs = () => this.clockSync.nowMs();
  }

  /** Measured clock offset and rate-limit alarms (for the metrics). */
  health(): VenueHealth {
    return {
      venue: 'polymarket',
      clockOffsetMs: this.clockSync.offsetMs(),
      penaltiesCapped: this.counters.penaltiesCapped
    };
  }

  /**
   * Checks `GET /version` is 2, opens the pooled connections, and resolves the exchange of
   * every token of `markets` without `polyExchange` (see `marketInfo.ts`). Throws a clear error
   * on a version mismatch or on a token whose exchange cannot be proven (naming its pair and
   * the `polyExchange` override): a run never starts on a guessed exchange.
   */
  async warmUp(markets: readonly MarketPair[] = []): Promise<void> {
    const res = await this.get('/version', '', new AbortController().signal, false);
    const v = (JSON.parse(res.text) as { version?: unknown }).version;
    if (v !== 2)
      throw new TwinlegError(
        'venue_protocol',
        `Polymarket CLOB reports version ${String(v)}; this adapter signs V2`
      );
    await this.http.warm('/time', this.opts.connections ?? 4);
    await this.clockSync.sync();
    for (const m of markets) {
      if (m.polyExchange) continue;
      for (const t of [m.polyYesTokenId, m.polyNoTokenId]) {
        try {
          await this.exchanges.kindOf(t);
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          throw new TwinlegError('venue_protocol', `pair ${m.pairId}: ${why}`, { cause: e });
        }
      }
    }
  }

  /** Closes the connection pools (CLOB and Gamma). */
  async close(): Promise<void> {
    await Promise.all([this.http.close(), this.gammaHttp.close()]);
  }

  /** Places one FAK order; never throws (see the class doc for the outcome rules). */
  async placeOrder(order: OrderRequest, signal: AbortSignal): Promise<OrderOutcome> {
    const cid = order.clientOrderId;
    const prev = this.placed.get(cid);
    if (prev && prev.last?.status !== 'rejected') {
      if (prev.last && isTerminal(prev.last.status)) return prev.last;
      return this.lookupOrder({ ...order, orderId: prev.orderId }, signal);
    }
    const tokenId = order.side === 'yes' ? order.market.polyYesTokenId : order.market.polyNoTokenId;
    let body: string;
    let orderId: string;
    try {
      const a = fakAmounts(
        order.action,
        order.qty,
        order.limitPrice,
        order.market.tickSize.polymarket
      );
      // An unproven exchange throws: the order is rejected unsent, never signed for a default.
      const kind = order.market.polyExchange ?? (await this.exchanges.kindOf(tokenId));
      const side = order.action === 'buy' ? 'BUY' : 'SELL';
      const s = await buildSignedOrder(this.creds, {
        tokenId,
        side,
        kind,
        ...a,
        timestampMs: this.wallMs()
      });
      body = orderBody(s.order, this.creds.owner);
      orderId = s.orderId;
    } catch (e) {
      const bad = isTwinlegError(e, 'invalid_amount') || isTwinlegError(e, 'not_integer');
      const kind = bad ? 'invalid_order' : 'unavailable';
      return rejectedOutcome(cid, kind, this.creds.redact(String((e as Error).message)));
    }
    const signedWallMs = this.localWallMs();
    try {
      this.opts.onOrderSigned?.(cid, orderId, signedWallMs);
    } catch (e) {
      // not recorded, so not posted: after a crash nothing could find it
      const why = this.creds.redact(e instanceof Error ? e.message : String(e));
      return rejectedOutcome(cid, 'other', `not sent: signature not recorded (${why})`);
    }
    const rec: Placed = { orderId, signedWallMs, last: undefined };
    this.remember(cid, rec);
    const out = await this.post(order, orderId, body, signal);
    rec.last = out;
    this.log.debug(
      { clientOrderId: cid, orderId, status: out.status, reason: out.reason },
      '[POLY] order'
    );
    return out;
  }

  /**
   * Hands the adapter an order a previous process signed (from the ledger, before resuming):
   * it is looked up by `orderId`, and past the settlement window since `signedWallMs` a `null`
   * record is resolved from its trades. A placement with the same client order id looks it up
   * instead of signing another.
   */
  recall(clientOrderId: string, orderId: string, signedWallMs: number): void {
    this.remember(clientOrderId, { orderId, signedWallMs, last: undefined });
  }

  /** Looks an order up by venue id, else by client order id (the id remembered at signing). */
  async lookupOrder(ref: OrderRef, signal: AbortSignal): Promise<OrderOutcome> {
    const rec = this.placed.get(ref.clientOrderId);
    const orderId = ref.orderId ?? rec?.orderId;
    if (orderId === undefined) {
      // No venue id is known for this client id: this process never signed it, but an earlier
      // process may have (after a restart). Absence of proof is not "0 filled".
      return emptyOutcome(
        ref.clientOrderId,
        'unknown',
        undefined,
        'no venue order id known for this client order id'
      );
    }
    try {
      const signedGet = async (path: string, q: string): Promise<string> => {
        const res = await this.get(path, q, signal, true);
        if (res.status !== 200) throw new TwinlegError('venue_protocol', `HTTP ${res.status}`);
        return res.text;
      };
      let out = await lookupById(ref, orderId, ref.market.fees.polymarket, signedGet);
      const signedAt = rec?.orderId === orderId ? rec.signedWallMs : undefined;
      if (out.status === 'unknown' && out.reason === NULL_RECORD && signedAt !== undefined) {
        out = await this.fromTrades(ref, orderId, signedAt, signedGet, signal);
      }
      if (rec && isTerminal(out.status)) rec.last = out;
      return out;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return emptyOutcome(
        ref.clientOrderId,
        'unknown',
        orderId,
        this.creds.redact(`lookup failed: ${why}`)
      );
    }
  }

  /** A `null` record: unknown inside the settlement window, else what the trades say. */
  private async fromTrades(
    ref: OrderRef,
    orderId: string,
    signedWallMs: number,
    get: (path: string, q: string) => Promise<string>,
    signal: AbortSignal
  ): Promise<OrderOutcome> {
    if (this.localWallMs() < signedWallMs + this.settlementWindowMs) {
      const why = 'lookup null (inside the settlement window since signing)';
      return emptyOutcome(ref.clientOrderId, 'unknown', orderId, why);
    }
    const tokenId = ref.side === 'yes' ? ref.market.polyYesTokenId : ref.market.polyNoTokenId;
    return outcomeFromTrades(
      {
        ref,
        orderId,
        tokenId,
        conditionId: await this.conditionOf(tokenId, signal),
        afterSec: Math.floor(signedWallMs / 1000) - TRADES_MARGIN_SEC,
        fees: ref.market.fees.polymarket,
        maxPages: this.opts.tradesMaxPages ?? 20
      },
      get
    );
  }

  /**
   * The market's state from the CLOB (public `GET /markets-by-token/{token}`, then
   * `GET /markets/{conditionId}`). Throws `venue_protocol` when the answer proves nothing.
   */
  marketState(market: MarketPair, signal: AbortSignal): Promise<VenueMarketState> {
    return this.marketStates.read(market, signal);
  }

  /** The condition id of a token's market (public `GET /markets-by-token/{token}`), cached. */
  private async conditionOf(tokenId: string, signal: AbortSignal): Promise<string> {
    const known = this.conditions.get(tokenId);
    if (known !== undefined) return known;
    const res = await this.get(
      `/markets-by-token/${encodeURIComponent(tokenId)}`,
      '',
      signal,
      false
    );
    const cid = res.status === 200 ? readConditionId(res.text) : undefined;
    if (cid === undefined)
      throw new TwinlegError('venue_protocol', `no condition id for token ${tokenId}`);
    this.conditions.set(tokenId, cid);
    return cid;
  }

  private async post(
    order: OrderRequest,
    orderId: string,
    body: string,
    signal: AbortSignal
  ): Promise<OrderOutcome> {
    const cid = order.clientOrderId;
    if (!(await takeToken(this.orderBucket, signal, laneOf(order)))) {
      return rejectedOutcome(cid, 'other', 'aborted before send', orderId);
    }
    const headers = this.creds.l2Headers('POST', '/order', body, Math.floor(this.wallMs() / 1000));
    const redact = (t: string): string => this.creds.redact(t);
    try {
      const res = await this.http.request('POST', '/order', headers, body, signal, this.timeoutMs);
      const v = postOutcome(order, orderId, res, redact);
      if (v.penaltyMs !== undefined) this.orderBucket.penalize(v.penaltyMs);
      return v.outcome;
    } catch (e) {
      return failureOutcome(cid, orderId, e, redact);
    }
  }

  private async get(
    path: string,
    query: string,
    signal: AbortSignal,
    auth: boolean
  ): Promise<HttpResponse> {
    if (auth && !(await takeToken(this.getBucket, signal)))
      throw new HttpFailure(false, 'ABORTED', 'aborted before send');
    const h = auth
      ? this.creds.l2Headers('GET', path, undefined, Math.floor(this.wallMs() / 1000))
      : {};
    const res = await this.http.request(
      'GET',
      path + query,
      h,
      undefined,
      signal,
      this.lookupTimeoutMs
    );
    if (res.status === 429) this.getBucket.penalize(1_000);
    return res;
  }

  private remember(cid: string, rec: Placed): void {
    this.placed.set(cid, rec);
    if (this.placed.size > MAX_REMEMBERED) {
      const oldest = this.placed.keys().next().value;
      if (oldest !== undefined) this.placed.delete(oldest);
    }
  }
}
