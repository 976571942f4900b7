import {
  applyKalshiDelta,
  applyKalshiSnapshot,
  TwinlegError,
  type KalshiNoScale,
  type StaleReason,
  type VenueBook
} from '../../core/index.js';
import type { KalshiCredentials } from '../venues/kalshi/credentials.js';
import { KalshiSigner } from '../venues/kalshi/signer.js';
import type { FeedDownReason, ResyncReason } from './feedEvents.js';
import type { BookFeedCommonOptions } from './feedOptions.js';
import {
  KALSHI_TERMINAL_CODES,
  KalshiAckSchema,
  KalshiDeltaSchema,
  KalshiErrorSchema,
  KalshiSnapshotSchema,
  KalshiSubscribedSchema
} from './kalshiMessages.js';
import { parseLevels, parseMicroOrNull } from './levels.js';
import { SocketBookFeed } from './socketBookFeed.js';

/** The WebSocket path, signed like a REST path (`<ts>GET/trade-api/ws/v2`). */
export const KALSHI_WS_PATH = '/trade-api/ws/v2';
/** Production WebSocket root (PROTOCOLS.md §1.1). */
export const KALSHI_WS_PROD = 'wss://external-api-ws.kalshi.com';

/** One configured market: its dense id and its Kalshi ticker. */
export interface KalshiFeedMarket {
  readonly marketId: number;
  readonly ticker: string;
}

/** Options of a {@link KalshiBookFeed}. */
export interface KalshiBookFeedOptions extends BookFeedCommonOptions {
  /** WebSocket root without the path (default {@link KALSHI_WS_PROD}). */
  readonly wsBase?: string;
  /** The REST credentials: the handshake is signed like a REST request. */
  readonly credentials: KalshiCredentials;
  readonly markets: readonly KalshiFeedMarket[];
  /**
   * Sends `use_yes_price` explicitly (default true: NO levels on the YES scale). Kalshi will
   * flip its default to true and then drop the flag (PROTOCOLS.md §1.5); sending it keeps the
   * scale known either way. Whether sending it becomes an error once removed is UNCONFIRMED:
   * such an error reply reconnects with backoff and is logged, the books stay stale.
   */
  readonly useYesPrice?: boolean;
}

interface Sub {
  readonly tickers: readonly string[];
  readonly marketIds: readonly number[];
  sid: number;
  lastSeq: number | null;
}

const VENUE = 'kalshi';

/**
 * The Kalshi order-book feed: one signed WebSocket v2 connection, one `orderbook_delta`
 * subscription for the configured tickers, every frame applied to the {@link BookStore}
 * (PROTOCOLS.md §1; the feed contract in ARCHITECTURE.md).
 *
 * - **Snapshots** replace a book and mark it fresh; **deltas** add `delta_fp` at
 *   `price_dollars` (exact decimals). A delta to a stale book is skipped: its snapshot is
 *   on the way and replaces it.
 * - **Sequence.** `seq` is checked per `sid` on every frame that carries one (data and
 *   `ok`/`unsubscribed`: whether acks share the counter is UNCONFIRMED, so all are counted).
 *   The first `seq` of a `sid` is taken as its start (its books are stale until their own
 *   snapshot anyway). On a gap every book of the `sid` goes stale (`sequence_gap`), the `sid`
 *   is unsubscribed and its tickers subscribed afresh: a new `sid` with fresh snapshots
 *   (PROTOCOLS.md §1.4 option b, as the issue asks). Frames of a dropped `sid` are ignored.
 * - **Doubt** (a write returning false, an invalid book frame) resyncs the same way.
 * - **Errors.** A terminal code (10, 17, 25) or an error answering our subscribe drops the
 *   connection and reconnects with backoff (books stale meanwhile); other errors are logged.
 * - **Disconnect.** Every book of the feed goes stale (`disconnected`) until its next
 *   snapshot; the reconnect re-signs the handshake and subscribes again.
 */
export class KalshiBookFeed extends SocketBookFeed {
  private readonly byTicker = new Map<string, number>();
  private readonly pending = new Map<number, Sub>();
  private readonly bySid = new Map<number, Sub>();
  private readonly marketIds: number[];
  private readonly tickers: string[];
  private readonly signer: KalshiSigner;
  private readonly scale: KalshiNoScale;
  private readonly useYesPrice: boolean;
  private nextId = 1;
  private replaying = false;

  constructor(private readonly o: KalshiBookFeedOptions) {
    const base = (o.wsBase ?? KALSHI_WS_PROD).replace(/\/+$/, '');
    super(VENUE, o, {
      url: `${base}${KALSHI_WS_PATH}`,
      headers: () => ({ ...this.signer.headers('GET', KALSHI_WS_PATH, o.clock.wallMs()) }),
      heartbeat: (ws) => ws.ping()
    });
    for (const m of o.markets) {
      if (!o.books.get(m.marketId))
        throw new TwinlegError(
          'invalid_config',
          `kalshi feed: market ${m.marketId} not in the book store`
        );
      this.byTicker.set(m.ticker, m.marketId);
    }
    this.marketIds = o.markets.map((m) => m.marketId);
    this.tickers = o.markets.map((m) => m.ticker);
    this.useYesPrice = o.useYesPrice ?? true;
    this.scale = this.useYesPrice ? 'yes' : 'leg';
    this.signer = new KalshiSigner(o.credentials.keyId, o.credentials.privateKey);
  }

  /**
   * Applies one recorded frame as if read from the socket (replay of a recorded feed,
   * benchmarks): the same validation, `seq` checks and book writes. A `subscribed` frame whose
   * command id this feed never sent adopts its `sid` for every configured ticker, as the
   * recorded session's subscribe did. Never throws.
   */
  replayFrame(text: string, recvWallMs: number): void {
    this.replaying = true;
    try {
      this.onFrame(text, recvWallMs);
    } catch (err) {
      this.log.error({ err }, 'kalshi feed: replayed frame threw');
    } finally {
      this.replaying = false;
    }
  }

  protected onOpen(): void {
    this.emit({ kind: 'open' });
    this.subscribe(this.tickers, this.marketIds);
  }

  private subscribe(tickers: readonly string[], marketIds: readonly number[]): void {
    const id = this.nextId++;
    this.pending.set(id, { tickers, marketIds, sid: 0, lastSeq: null });
    this.socket.send(
      JSON.stringify({
        id,
        cmd: 'subscribe',
        params: {
          channels: ['orderbook_delta'],
          market_tickers: tickers,
          use_yes_price: this.useYesPrice
        }
      })
    );
  }

  protected onDown(reason: FeedDownReason): void {
    this.pending.clear();
    this.bySid.clear();
    this.markStale(this.marketIds, 'disconnected');
    this.emit({ kind: 'down', reason });
  }

  private markStale(ids: readonly number[], reason: StaleReason): void {
    for (const id of ids) {
      const b = this.o.books.venue(id, VENUE);
      if (b && !b.stale) b.markStale(reason);
      this.o.books.changed(id);
    }
  }

  protected onFrame(text: string, recvWallMs: number): void {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      this.invalid('not JSON', null);
      return;
    }
    const type = typeof v === 'object' && v !== null ? (v as { type?: unknown }).type : undefined;
    switch (type) {
      case 'orderbook_delta':
        return this.onDelta(v, recvWallMs);
      case 'orderbook_snapshot':
        return this.onSnapshot(v);
      case 'subscribed':
        return this.onSubscribed(v);
      case 'ok':
      case 'unsubscribed':
        return this.onAck(v);
      case 'error':
        return this.onError(v);
      default:
        this.metrics.message(VENUE, 'other');
        this.log.debug(
          { type: typeof type === 'string' ? type : typeof type },
          'kalshi feed: frame ignored'
        );
    }
  }

  /** The subscription of a data frame, after its `seq` check; null when unusable. */
  private sequenced(sid: number, seq: number): Sub | null {
    const sub = this.bySid.get(sid);
    if (!sub) return null; // a dropped or foreign sid
    if (sub.lastSeq !== null && seq !== sub.lastSeq + 1) {
      this.metrics.gap(VENUE);
      this.emit({ kind: 'gap', sid, expected: sub.lastSeq + 1, got: seq });
      this.log.warn({ sid, expected: sub.lastSeq + 1, got: seq }, 'kalshi feed: sequence gap');
      this.resync(sub, 'sequence_gap');
      return null;
    }
    sub.lastSeq = seq;
    return sub;
  }

  private onSnapshot(v: unknown): void {
    this.metrics.message(VENUE, 'snapshot');
    const p = KalshiSnapshotSchema.safeParse(v);
    if (!p.success) return this.invalid('orderbook_snapshot', v);
    const { sid, seq, msg } = p.data;
    const sub = this.sequenced(sid, seq);
    if (!sub) return;
    const id = this.byTicker.get(msg.market_ticker);
    const book = id === undefined ? undefined : this.o.books.venue(id, VENUE);
    if (id === undefined || !book) return;
    const yes = parseLevels(msg.yes_dollars_fp);
    const no = parseLevels(msg.no_dollars_fp);
    if (!yes || !no || !applyKalshiSnapshot(book, yes, no, this.scale)) {
      if (!book.stale) book.markStale('invalid_level');
      return this.resync(sub, 'bad_write');
    }
    this.socket.markHealthy();
    this.o.books.changed(id);
    this.emit({ kind: 'snapshot', marketId: id });
  }

  private onDelta(v: unknown, recvWallMs: number): void {
    this.metrics.message(VENUE, 'delta');
    const p = KalshiDeltaSchema.safeParse(v);
    if (!p.success) return this.invalid('orderbook_delta', v);
    const { sid, seq, msg } = p.data;
    const sub = this.sequenced(sid, seq);
    if (!sub) return;
    const id = this.byTicker.get(msg.market_ticker);
    const book: VenueBook | undefined =
      id === undefined ? undefined : this.o.books.venue(id, VENUE);
    if (id === undefined || !book) return;
    if (msg.ts_ms !== undefined) this.metrics.latencyMs(VENUE, recvWallMs - msg.ts_ms);
    if (book.stale) return; // awaiting its snapshot, which replaces the whole book
    const price = parseMicroOrNull(msg.price_dollars);
    const delta = parseMicroOrNull(msg.delta_fp);
    if (price === null || delta === null) {
      book.markStale('invalid_level');
      return this.resync(sub, 'invalid_message');
    }
    if (!applyKalshiDelta(book, msg.side, price, delta, this.scale, msg.ts_ms)) {
      return this.resync(sub, 'bad_write');
    }
    this.o.books.changed(id);
  }

  private onSubscribed(v: unknown): void {
    this.metrics.message(VENUE, 'subscribed');
    const p = KalshiSubscribedSchema.safeParse(v);
    if (!p.success) return this.invalid('subscribed', null);
    let sub = p.data.id === undefined ? undefined : this.pending.get(p.data.id);
    if (!sub && this.replaying) {
      sub = { tickers: this.tickers, marketIds: this.marketIds, sid: 0, lastSeq: null };
    }
    if (!sub) return;
    if (p.data.id !== undefined) this.pending.delete(p.data.id);
    sub.sid = p.data.msg.sid;
    this.bySid.set(sub.sid, sub);
  }

  private onAck(v: unknown): void {
    this.metrics.message(VENUE, 'ack');
    const p = KalshiAckSchema.safeParse(v);
    if (!p.success) return this.invalid('ack', null);
    if (p.data.sid !== undefined && p.data.seq !== undefined)
      this.sequenced(p.data.sid, p.data.seq);
  }

  private onError(v: unknown): void {
    this.metrics.message(VENUE, 'error');
    const p = KalshiErrorSchema.safeParse(v);
    if (!p.success) return this.invalid('error', null);
    const { id, msg } = p.data;
    const detail = (msg.msg ?? '').slice(0, 200);
    this.emit({ kind: 'venue_error', code: msg.code, detail });
    const ours = id !== undefined && this.pending.has(id);
    if (ours || KALSHI_TERMINAL_CODES.has(msg.code)) {
      this.log.error(
        { code: msg.code, detail, id },
        'kalshi feed: subscription failed; reconnecting'
      );
      this.socket.drop('venue_error');
      return;
    }
    this.log.warn({ code: msg.code, detail, id }, 'kalshi feed: venue error');
  }

  /**
   * A frame that failed validation. A book frame of a known `sid` resyncs that subscription
   * (an update may be lost); one whose `sid` is unreadable resyncs every subscription.
   */
  private invalid(what: string, v: unknown): void {
    this.emit({ kind: 'invalid', detail: what });
    this.log.warn({ what }, 'kalshi feed: invalid frame');
    if (v === null) return;
    const sid = typeof v === 'object' && v !== null ? (v as { sid?: unknown }).sid : undefined;
    const sub = typeof sid === 'number' ? this.bySid.get(sid) : undefined;
    if (sub) return this.resync(sub, 'invalid_message');
    for (const s of [...this.bySid.values()]) this.resync(s, 'invalid_message');
  }

  /** Marks the subscription's books stale, unsubscribes its `sid` and subscribes afresh. */
  private resync(sub: Sub, reason: ResyncReason): void {
    if (this.bySid.get(sub.sid) !== sub) return;
    this.bySid.delete(sub.sid);
    this.metrics.resync(VENUE, reason);
    this.markStale(sub.marketIds, reason === 'sequence_gap' ? 'sequence_gap' : 'resyncing');
    this.emit({ kind: 'resync', reason, marketIds: sub.marketIds });
    this.socket.send(
      JSON.stringify({ id: this.nextId++, cmd: 'unsubscribe', params: { sids: [sub.sid] } })
    );
    this.subscribe(sub.tickers, sub.marketIds);
  }
}
