import {
  applyPolymarketBook,
  applyPolymarketChange,
  TwinlegError,
  USD,
  type Side,
  type VenueBook
} from '../../core/index.js';
import type { FeedDownReason, ResyncReason } from './feedEvents.js';
import type { BookFeedCommonOptions } from './feedOptions.js';
import { parseLevelObjects, parseMicroOrNull } from './levels.js';
import {
  POLY_IGNORED_EVENTS,
  PolyBookSchema,
  PolyPriceChangeSchema,
  PolyRestBookSchema,
  PolyTickSchema,
  type PolyChange
} from './polymarketMessages.js';
import { checkPolyBookHash } from './polymarketHash.js';
import { POLYMARKET_CLOB_URL, polyBookFetcher, type PolyBookFetcher } from './polymarketRest.js';
import { PolyResyncQueue } from './polymarketResync.js';
import { SocketBookFeed } from './socketBookFeed.js';

/** The production market channel (PROTOCOLS.md §2.1). */
export const POLYMARKET_WS_MARKET_URL = 'wss://ws-subscriptions-clob.polymarket.com/ws/market';

/** One configured market: its dense id and its two CLOB token ids. */
export interface PolymarketFeedMarket {
  readonly marketId: number;
  readonly yesTokenId: string;
  readonly noTokenId: string;
}

/** Options of a {@link PolymarketBookFeed}. */
export interface PolymarketBookFeedOptions extends BookFeedCommonOptions {
  /** Market-channel URL (default {@link POLYMARKET_WS_MARKET_URL}). */
  readonly wsUrl?: string;
  /** CLOB REST root for `/book` resyncs (default {@link POLYMARKET_CLOB_URL}). */
  readonly restBase?: string;
  /** Replaces the REST fetch (tests, a shared HTTP client). */
  readonly fetchBook?: PolyBookFetcher;
  /**
   * One socket's markets. The venue documents no cap; community reports lose data past 500
   * tokens, so keep a socket to ≤ 100 markets (200 tokens) and run one feed per shard.
   */
  readonly markets: readonly PolymarketFeedMarket[];
}

interface TokenRef {
  readonly marketId: number;
  readonly outcome: Side;
}

const VENUE = 'polymarket';

/**
 * The Polymarket market-channel feed: one socket subscribing the YES and NO token ids of its
 * markets (`initial_dump: true`), each token's events applied to that outcome's book as
 * published (PROTOCOLS.md §2; the feed contract in ARCHITECTURE.md).
 *
 * - **`book`** replaces the token's book and marks it fresh (a pending REST resync of it is
 *   cancelled). **`price_change`** sets each element's new total size (`BUY` → bids,
 *   `SELL` → asks; any other side string fails validation: the field-lessons bug of filtering
 *   on `BID`/`ASK`). **`tick_size_change`** is recorded ({@link tickSize}); the book's levels
 *   are unaffected. A frame may be one event or an array of them; each market touched is
 *   reported once per frame.
 * - **Doubt** (a write returning false, a book or price-change event that fails validation,
 *   including the pre-2025-09 `price_change` shape) marks the token's book stale (`resyncing`)
 *   and asks REST `GET /book?token_id=`. Nothing ties a REST book to the stream
 *   (PROTOCOLS.md §2.5), so after the REST book is applied the book **stays stale** until a
 *   later `price_change` of that token whose `best_bid`/`best_ask` agree with the local top
 *   (an empty side read as `0`/`1`, the doc example's values, UNCONFIRMED as sentinels), or
 *   until a WS `book` arrives. Stale, not wrong: a quiet token may wait.
 * - **Hashes.** A REST `/book` answer's `hash` is checked with the SDK's recipe
 *   ({@link checkPolyBookHash}, PROTOCOLS.md §2.3): one that can be checked and does not match
 *   is doubtful, so it is not applied, is counted (`hashMismatch`, a `hash_mismatch` event) and
 *   is asked again after the resync backoff. An answer without a hash (or one the recipe cannot
 *   rebuild) is applied as before. WS `book` hashes are not checked: the event lacks fields of
 *   the recipe and live WS hashes are reported not to reproduce.
 * - **Heartbeat.** The text `PING` every 10 s; `PONG` (or any frame) keeps the link alive.
 * - **Disconnect.** Both outcomes of every market go stale (`disconnected`), pending REST
 *   resyncs are dropped; the reconnect subscribes again and the initial dump refreshes them.
 */
export class PolymarketBookFeed extends SocketBookFeed {
  private readonly tokens = new Map<string, TokenRef>();
  private readonly marketIds: number[];
  private readonly resyncs: PolyResyncQueue;
  /** Tokens whose REST book is applied, stale until a WS event agrees. */
  private readonly restApplied = new Set<string>();
  private readonly ticks = new Map<string, number>();
  private readonly touched = new Set<number>();

  constructor(private readonly o: PolymarketBookFeedOptions) {
    super(VENUE, o, {
      url: o.wsUrl ?? POLYMARKET_WS_MARKET_URL,
      heartbeat: (ws) => ws.send('PING')
    });
    for (const m of o.markets) {
      if (!o.books.get(m.marketId)) {
        throw new TwinlegError(
          'invalid_config',
          `polymarket feed: market ${m.marketId} not in the book store`
        );
      }
      this.tokens.set(m.yesTokenId, { marketId: m.marketId, outcome: 'yes' });
      this.tokens.set(m.noTokenId, { marketId: m.marketId, outcome: 'no' });
    }
    this.marketIds = o.markets.map((m) => m.marketId);
    this.resyncs = new PolyResyncQueue({
      fetchBook: o.fetchBook ?? polyBookFetcher(o.restBase ?? POLYMARKET_CLOB_URL, o.clock),
      clock: o.clock,
      logger: this.log,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      onBook: (token, raw) => this.onRestBook(token, raw)
    });
  }

  /**
   * Applies one recorded frame as if read from the socket (replay of a recorded feed,
   * benchmarks): the same validation and book writes; a doubt still asks a REST resync.
   * Never throws.
   */
  replayFrame(text: string, recvWallMs: number): void {
    try {
      this.onFrame(text, recvWallMs);
    } catch (err) {
      this.touched.clear();
      this.log.error({ err }, 'polymarket feed: replayed frame threw');
    }
  }

  /** The token's tick size in micro-dollars from its last `tick_size_change`, if any. */
  tickSize(tokenId: string): number | undefined {
    return this.ticks.get(tokenId);
  }

  private book(ref: TokenRef): VenueBook | undefined {
    return this.o.books.venue(ref.marketId, VENUE);
  }

  protected onOpen(): void {
    this.emit({ kind: 'open' });
    this.socket.send(
      JSON.stringify({ assets_ids: [...this.tokens.keys()], type: 'market', initial_dump: true })
    );
  }

  protected onDown(reason: FeedDownReason): void {
    this.resyncs.cancelAll();
    this.restApplied.clear();
    for (const id of this.marketIds) {
      const b = this.o.books.venue(id, VENUE);
      for (const s of ['yes', 'no'] as const) {
        if (b && !b.outcome(s).stale) b.markStale('disconnected', s);
      }
      this.o.books.changed(id);
    }
    this.emit({ kind: 'down', reason });
  }

  protected onFrame(text: string, recvWallMs: number): void {
    if (text === 'PONG') {
      this.metrics.message(VENUE, 'pong');
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      this.metrics.message(VENUE, 'invalid');
      this.emit({ kind: 'invalid', detail: 'not JSON' });
      this.log.warn({ bytes: text.length }, 'polymarket feed: frame is not JSON');
      return;
    }
    if (Array.isArray(v)) for (const e of v) this.onEvent(e, recvWallMs);
    else this.onEvent(v, recvWallMs);
    for (const id of this.touched) this.o.books.changed(id);
    this.touched.clear();
  }

  private onEvent(v: unknown, recvWallMs: number): void {
    const type =
      typeof v === 'object' && v !== null ? (v as { event_type?: unknown }).event_type : undefined;
    switch (type) {
      case 'price_change':
        return this.onPriceChange(v, recvWallMs);
      case 'book':
        return this.onBook(v, recvWallMs);
      case 'tick_size_change':
        return this.onTick(v);
      default:
        if (typeof type === 'string' && POLY_IGNORED_EVENTS.has(type)) {
          this.metrics.message(VENUE, type);
          return;
        }
        this.metrics.message(VENUE, 'other');
        this.emit({ kind: 'invalid', detail: 'unknown event' });
        this.log.debug(
          { type: typeof type === 'string' ? type.slice(0, 40) : typeof type },
          'polymarket feed: event ignored'
        );
    }
  }

  private onBook(v: unknown, recvWallMs: number): void {
    this.metrics.message(VENUE, 'book');
    const p = PolyBookSchema.safeParse(v);
    if (!p.success) return this.invalid('book', v);
    const e = p.data;
    const ref = this.tokens.get(e.asset_id);
    const book = ref && this.book(ref);
    if (!ref || !book) return;
    const ts = Number(e.timestamp);
    this.metrics.latencyMs(VENUE, recvWallMs - ts);
    const bids = parseLevelObjects(e.bids);
    const asks = parseLevelObjects(e.asks);
    this.touched.add(ref.marketId);
    if (!bids || !asks || !applyPolymarketBook(book, ref.outcome, bids, asks, ts)) {
      return this.doubt(e.asset_id, ref, 'bad_write');
    }
    this.socket.markHealthy();
    this.resyncs.cancel(e.asset_id);
    this.restApplied.delete(e.asset_id);
    this.emit({ kind: 'snapshot', marketId: ref.marketId });
  }

  private onPriceChange(v: unknown, recvWallMs: number): void {
    this.metrics.message(VENUE, 'price_change');
    const p = PolyPriceChangeSchema.safeParse(v);
    if (!p.success) return this.invalid('price_change', v);
    const ts = Number(p.data.timestamp);
    this.metrics.latencyMs(VENUE, recvWallMs - ts);
    for (const c of p.data.price_changes) this.applyChange(c, ts);
  }

  private applyChange(c: PolyChange, ts: number): void {
    const ref = this.tokens.get(c.asset_id);
    const book = ref && this.book(ref);
    if (!ref || !book) return;
    const ob = book.outcome(ref.outcome);
    const pending = this.restApplied.has(c.asset_id);
    if (ob.stale && !pending) return; // awaiting a WS book or a REST answer
    this.touched.add(ref.marketId);
    const price = parseMicroOrNull(c.price);
    const size = parseMicroOrNull(c.size);
    if (price === null || size === null) {
      book.markStale('invalid_level', ref.outcome);
      return this.doubt(c.asset_id, ref, 'invalid_message');
    }
    if (!applyPolymarketChange(book, ref.outcome, c.side, price, size, ts)) {
      return this.doubt(c.asset_id, ref, 'bad_write');
    }
    if (pending && this.agrees(book, ref.outcome, c)) {
      this.restApplied.delete(c.asset_id);
      book.markFresh(ts, ref.outcome);
    }
  }

  /** Whether the element's `best_bid`/`best_ask` match the local top of that outcome. */
  private agrees(book: VenueBook, outcome: Side, c: PolyChange): boolean {
    if (c.best_bid === undefined || c.best_ask === undefined) return false;
    const bb = parseMicroOrNull(c.best_bid);
    const ba = parseMicroOrNull(c.best_ask);
    const ob = book.outcome(outcome);
    const localBid = ob.bids.length > 0 ? ob.bids.priceAt(ob.bids.bestBidIndex()) : 0;
    const localAsk = ob.asks.length > 0 ? ob.asks.priceAt(ob.asks.bestAskIndex()) : USD;
    return bb === localBid && ba === localAsk;
  }

  private onTick(v: unknown): void {
    this.metrics.message(VENUE, 'tick_size_change');
    const p = PolyTickSchema.safeParse(v);
    const tick = p.success ? parseMicroOrNull(p.data.new_tick_size) : null;
    if (!p.success || tick === null || tick <= 0) {
      this.emit({ kind: 'invalid', detail: 'tick_size_change' });
      this.log.warn({}, 'polymarket feed: invalid tick_size_change');
      return;
    }
    if (this.tokens.has(p.data.asset_id)) this.ticks.set(p.data.asset_id, tick);
  }

  /**
   * A book or price-change event that failed validation: every token of ours it names is
   * resynced (an update may be lost). One naming none of ours changes nothing.
   */
  private invalid(what: string, v: unknown): void {
    this.emit({ kind: 'invalid', detail: what });
    this.log.warn({ what }, 'polymarket feed: invalid event');
    for (const token of namedAssets(v)) {
      const ref = this.tokens.get(token);
      if (ref) {
        this.touched.add(ref.marketId);
        this.doubt(token, ref, 'invalid_message');
      }
    }
  }

  /** Marks the token's book stale and asks a REST resync. */
  private doubt(token: string, ref: TokenRef, reason: ResyncReason): void {
    const book = this.book(ref);
    if (book && !book.outcome(ref.outcome).stale) book.markStale('resyncing', ref.outcome);
    this.restApplied.delete(token);
    this.metrics.resync(VENUE, reason);
    this.emit({ kind: 'resync', reason, marketIds: [ref.marketId] });
    this.resyncs.request(token);
  }

  /**
   * A REST `/book` answer: applied, but stale until a WS event agrees. False retries: an invalid
   * answer, or one whose hash is checked and does not match (never applied).
   */
  private onRestBook(token: string, raw: unknown): boolean {
    const ref = this.tokens.get(token);
    const book = ref && this.book(ref);
    if (!ref || !book) return true;
    const p = PolyRestBookSchema.safeParse(raw);
    if (!p.success || p.data.asset_id !== token) {
      this.log.warn({ token }, 'polymarket feed: invalid REST book');
      return false;
    }
    if (checkPolyBookHash(raw) === 'mismatch') {
      this.metrics.hashMismatch(VENUE, 'rest');
      this.emit({ kind: 'hash_mismatch', source: 'rest', marketId: ref.marketId, tokenId: token });
      this.log.warn({ token }, 'polymarket feed: REST book hash mismatch; not applied, retrying');
      return false;
    }
    const bids = parseLevelObjects(p.data.bids);
    const asks = parseLevelObjects(p.data.asks);
    const ts = p.data.timestamp === undefined ? null : Number(p.data.timestamp);
    if (!bids || !asks || !applyPolymarketBook(book, ref.outcome, bids, asks, ts)) return false;
    book.markStale('resyncing', ref.outcome);
    this.restApplied.add(token);
    this.o.books.changed(ref.marketId);
    this.emit({ kind: 'rest_book', marketId: ref.marketId, tokenId: token });
    return true;
  }
}

/** The `asset_id`s an unvalidated event names (top level and `price_changes`/`changes`). */
function namedAssets(v: unknown): string[] {
  const out: string[] = [];
  if (typeof v !== 'object' || v === null) return out;
  const r = v as { asset_id?: unknown; price_changes?: unknown; changes?: unknown };
  if (typeof r.asset_id === 'string') out.push(r.asset_id);
  for (const list of [r.price_changes, r.changes]) {
    if (!Array.isArray(list)) continue;
    for (const c of list.slice(0, 1000)) {
      const a =
        typeof c === 'object' && c !== null ? (c as { asset_id?: unknown }).asset_id : undefined;
      if (typeof a === 'string' && !out.includes(a)) out.push(a);
    }
  }
  return out;
}
