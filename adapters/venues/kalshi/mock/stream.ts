/**
 * The Kalshi mock's WebSocket v2 order-book channel, served from the matching engine's own YES
 * books (adapters/feeds/PROTOCOLS.md §1): the upgrade at `/trade-api/ws/v2` must carry a
 * handshake signed like REST (`ts + GET + /trade-api/ws/v2`, checked by the mock's own
 * verifier; 401 otherwise); `subscribe` to `orderbook_delta` for `market_ticker(s)` answers
 * `subscribed` with a new `sid`, then an `orderbook_snapshot` per ticker; every later change of
 * a subscribed book (a replaced book, a fill) goes out as `orderbook_delta`s, one per changed
 * bid level, `seq` counting per `sid`. Fixed-point fields only: prices 4 dp, counts 2 dp.
 * Kalshi publishes bids only: `yes` is the YES bids, `no` the NO bids (the YES asks), priced
 * on the NO leg (`1 − ask`) unless the subscribe asked `use_yes_price: true` (then the YES ask
 * itself). `update_subscription` (`add_markets`, `delete_markets`, `get_snapshot`) answers
 * `ok`; `unsubscribe` answers `unsubscribed` per sid; unknown commands, channels, sids and
 * markets get Kalshi's error codes (5, 8, 7, 16). The server pings every 10 s like the venue.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { formatMicro, USD } from '../../../../core/index.js';
import { checkAuth, type AuthSettings } from './auth.js';
import type { MockExchange } from './exchange.js';

/** The Kalshi WebSocket v2 path. */
export const KALSHI_MOCK_WS_PATH = '/trade-api/ws/v2';

/** Bid levels sent on one side, wire price (micros) → count (micro-contracts). */
type Sent = Map<number, number>;

interface Subscription {
  readonly sid: number;
  readonly tickers: Set<string>;
  readonly yesScale: boolean;
  seq: number;
  readonly sent: Map<string, { yes: Sent; no: Sent }>;
}

/** `v` (micro units) with exactly `dp` decimals when exact, else all its decimals. */
function fixed(v: number, dp: number): string {
  const unit = 10 ** (6 - dp);
  if (v % unit !== 0) return formatMicro(v);
  const neg = v < 0;
  const abs = Math.abs(v) / unit;
  const whole = Math.floor(abs / 10 ** dp);
  const frac = String(abs % 10 ** dp).padStart(dp, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** The counts statistics of a running stream. */
export interface KalshiStreamStats {
  /** Upgrades refused for a bad signature. */
  rejected: number;
  /** Data frames sent (snapshots and deltas). */
  frames: number;
}

/** The order-book channel attached to the mock's HTTP server (see the module comment). */
export class KalshiMockStream {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly subs = new Map<WebSocket, Map<number, Subscription>>();
  private nextSid = 1;
  private readonly unwatch: () => void;
  private readonly ping: NodeJS.Timeout;
  readonly stats: KalshiStreamStats = { rejected: 0, frames: 0 };

  constructor(
    server: Server,
    private readonly ex: MockExchange,
    private readonly auth: AuthSettings
  ) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head)
    );
    this.unwatch = ex.watchBooks((t) => this.changed(t));
    this.ping = setInterval(() => {
      for (const ws of this.wss.clients) ws.ping('heartbeat');
    }, 10_000);
    this.ping.unref();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== KALSHI_MOCK_WS_PATH) return void socket.destroy();
    const why = checkAuth(this.auth, req.headers, 'GET', KALSHI_MOCK_WS_PATH);
    if (why !== null) {
      this.stats.rejected += 1;
      socket.end(`HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.subs.set(ws, new Map());
      ws.on('message', (data) => this.command(ws, (data as Buffer).toString('utf8')));
      ws.on('close', () => this.subs.delete(ws));
    });
  }

  private reply(ws: WebSocket, frame: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  private error(ws: WebSocket, id: unknown, code: number, msg: string): void {
    this.reply(ws, { id, type: 'error', msg: { code, msg } });
  }

  private command(ws: WebSocket, text: string): void {
    let c: { id?: unknown; cmd?: unknown; params?: Record<string, unknown> };
    try {
      c = JSON.parse(text) as typeof c;
    } catch {
      return this.error(ws, undefined, 1, 'Unable to process message');
    }
    const p = c.params ?? {};
    if (c.cmd === 'subscribe') return this.subscribe(ws, c.id, p);
    if (c.cmd === 'unsubscribe') {
      const mine = this.subs.get(ws);
      for (const sid of Array.isArray(p.sids) ? (p.sids as unknown[]) : []) {
        const s = typeof sid === 'number' ? mine?.get(sid) : undefined;
        if (!s) {
          this.error(ws, c.id, 7, 'Unknown subscription ID');
          continue;
        }
        mine?.delete(s.sid);
        this.reply(ws, { id: c.id, sid: s.sid, seq: ++s.seq, type: 'unsubscribed' });
      }
      return;
    }
    if (c.cmd === 'update_subscription') return this.update(ws, c.id, p);
    this.error(ws, c.id, 5, 'Unknown command');
  }

  /**
   * `update_subscription` on exactly one sid: `add_markets` (snapshots of the new tickers),
   * `delete_markets`, or `get_snapshot` (fresh snapshots, the subscription unchanged); answers
   * `ok` with the sid's next `seq` and the tickers.
   */
  private update(ws: WebSocket, id: unknown, p: Record<string, unknown>): void {
    const sids = Array.isArray(p.sids) ? (p.sids as unknown[]) : p.sid === undefined ? [] : [p.sid];
    if (sids.length !== 1) return this.error(ws, id, 12, 'Exactly one subscription ID required');
    const sub = typeof sids[0] === 'number' ? this.subs.get(ws)?.get(sids[0]) : undefined;
    if (!sub) return this.error(ws, id, 7, 'Unknown subscription ID');
    const tickers = this.tickersOf(p);
    if (tickers.length === 0) return this.error(ws, id, 14, 'Market Ticker required');
    const action = p.action;
    if (action !== 'add_markets' && action !== 'delete_markets' && action !== 'get_snapshot')
      return this.error(ws, id, action === undefined ? 15 : 13, 'Action not supported');
    const unknown = tickers.find((t) => !this.ex.lists(t));
    if (unknown !== undefined) return this.error(ws, id, 16, `Market ${unknown} not found`);
    if (action === 'delete_markets')
      for (const t of tickers) {
        sub.tickers.delete(t);
        sub.sent.delete(t);
      }
    else for (const t of tickers) sub.tickers.add(t);
    this.reply(ws, {
      id,
      sid: sub.sid,
      seq: ++sub.seq,
      type: 'ok',
      msg: { market_tickers: [...sub.tickers] }
    });
    if (action !== 'delete_markets') for (const t of tickers) this.snapshot(ws, sub, t);
  }

  private tickersOf(p: Record<string, unknown>): string[] {
    const raw = Array.isArray(p.market_tickers)
      ? (p.market_tickers as unknown[])
      : typeof p.market_ticker === 'string'
        ? [p.market_ticker]
        : [];
    return raw.filter((t): t is string => typeof t === 'string');
  }

  private subscribe(ws: WebSocket, id: unknown, p: Record<string, unknown>): void {
    const channels = Array.isArray(p.channels) ? (p.channels as unknown[]) : [];
    if (channels.length === 0) return this.error(ws, id, 3, 'Channels not specified');
    if (channels.some((ch) => ch !== 'orderbook_delta'))
      return this.error(ws, id, 8, 'Unknown channel name');
    const tickers = this.tickersOf(p);
    if (tickers.length === 0) return this.error(ws, id, 14, 'Market Ticker required');
    const unknown = tickers.find((t) => !this.ex.lists(t));
    if (unknown !== undefined) return this.error(ws, id, 16, `Market ${unknown} not found`);
    const sub: Subscription = {
      sid: this.nextSid++,
      tickers: new Set(tickers),
      yesScale: p.use_yes_price === true,
      seq: 0,
      sent: new Map()
    };
    this.subs.get(ws)?.set(sub.sid, sub);
    this.reply(ws, { id, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: sub.sid } });
    for (const t of sub.tickers) this.snapshot(ws, sub, t);
  }

  /** The ticker's bid ladders as sent on `sub`'s scale. */
  private ladders(sub: Subscription, ticker: string): { yes: Sent; no: Sent } {
    const b = this.ex.book(ticker);
    const yes: Sent = new Map(b.bids.map((l) => [l.price, l.qty]));
    const no: Sent = new Map(b.asks.map((l) => [sub.yesScale ? l.price : USD - l.price, l.qty]));
    return { yes, no };
  }

  private snapshot(ws: WebSocket, sub: Subscription, ticker: string): void {
    const now = this.ladders(sub, ticker);
    sub.sent.set(ticker, now);
    const wire = (m: Sent): [string, string][] =>
      [...m.entries()].sort((a, b) => a[0] - b[0]).map(([p, q]) => [fixed(p, 4), fixed(q, 2)]);
    const msg: Record<string, unknown> = { market_ticker: ticker, market_id: `mock-${ticker}` };
    if (now.yes.size) msg.yes_dollars_fp = wire(now.yes);
    if (now.no.size) msg.no_dollars_fp = wire(now.no);
    this.stats.frames += 1;
    this.reply(ws, { type: 'orderbook_snapshot', sid: sub.sid, seq: ++sub.seq, msg });
  }

  private changed(ticker: string): void {
    const tsMs = this.auth.now();
    for (const [ws, mine] of this.subs) {
      for (const sub of mine.values()) {
        if (!sub.tickers.has(ticker)) continue;
        const before = sub.sent.get(ticker) ?? {
          yes: new Map<number, number>(),
          no: new Map<number, number>()
        };
        const after = this.ladders(sub, ticker);
        sub.sent.set(ticker, after);
        for (const side of ['yes', 'no'] as const) {
          const prices = new Set([...before[side].keys(), ...after[side].keys()]);
          for (const price of [...prices].sort((a, b) => a - b)) {
            const d = (after[side].get(price) ?? 0) - (before[side].get(price) ?? 0);
            if (d === 0) continue;
            this.stats.frames += 1;
            this.reply(ws, {
              type: 'orderbook_delta',
              sid: sub.sid,
              seq: ++sub.seq,
              msg: {
                market_ticker: ticker,
                market_id: `mock-${ticker}`,
                price_dollars: fixed(price, 4),
                delta_fp: fixed(d, 2),
                side,
                ts_ms: tsMs
              }
            });
          }
        }
      }
    }
  }

  /** Cuts every connection (no close handshake): clients see a disconnect. */
  dropAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** Stops streaming and closes every connection. */
  close(): void {
    clearInterval(this.ping);
    this.unwatch();
    this.dropAll();
    this.wss.close();
  }
}
