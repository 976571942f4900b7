/**
 * Loopback venue feed servers for the book-feed tests (127.0.0.1, a free port): a Kalshi WS v2
 * server that checks the signed handshake and answers subscribe/unsubscribe with sids and
 * snapshots, and a Polymarket market channel with its REST `/book`. The tests script every
 * other frame (deltas, gaps, bad updates, disconnects) through the handles here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, verify, type KeyObject } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { polyBookHash } from '../../adapters/feeds/polymarketHash.js';

/** A promise-based inbox: waits for the first item matching a predicate (past or future). */
export class Inbox<T> {
  readonly items: T[] = [];
  private waiters: { pred: (t: T) => boolean; resolve: (t: T) => void; from: number }[] = [];

  push(item: T): void {
    this.items.push(item);
    const i = this.items.length - 1;
    this.waiters = this.waiters.filter((w) => {
      if (i >= w.from && w.pred(item)) {
        w.resolve(item);
        return false;
      }
      return true;
    });
  }

  /** The first item at index ≥ `from` matching `pred`. */
  next(pred: (t: T) => boolean, from = 0): Promise<T> {
    for (let i = from; i < this.items.length; i++) {
      const it = this.items[i]!;
      if (pred(it)) return Promise.resolve(it);
    }
    return new Promise((resolve) => this.waiters.push({ pred, resolve, from }));
  }

  /** A marker: items pushed after now have index ≥ the returned value. */
  mark(): number {
    return this.items.length;
  }
}

type Levels = [string, string][];

/** A Kalshi ticker's book as the server snapshots it (dollar/count strings). */
export interface KalshiServerBook {
  yes?: Levels;
  no?: Levels;
}

/** A command the Kalshi server received. */
export interface KalshiCommand {
  readonly id: number;
  readonly cmd: string;
  readonly params: Record<string, unknown>;
}

/** Kalshi WebSocket v2 on loopback. */
export class KalshiFeedServer {
  readonly commands = new Inbox<KalshiCommand>();
  readonly connections = new Inbox<WebSocket>();
  /** Handshakes: whether each one's signature verified. */
  readonly handshakes: { key: string; verified: boolean }[] = [];
  readonly books = new Map<string, KalshiServerBook>();
  private readonly wss: WebSocketServer;
  private readonly http: Server;
  private ws: WebSocket | null = null;
  private nextSid = 1;
  /** When true, every subscribe is answered with error 9. */
  rejectSubscribe = false;
  /** The live sid and its tickers; seq counter per sid. */
  sid = 0;
  private readonly seqs = new Map<number, number>();

  private constructor(private readonly publicKey: KeyObject) {
    this.http = createServer((_req, res) => res.writeHead(404).end());
    this.wss = new WebSocketServer({ server: this.http, path: '/trade-api/ws/v2' });
    this.wss.on('connection', (ws, req) => {
      const h = req.headers;
      const ts = String(h['kalshi-access-timestamp'] ?? '');
      const sig = Buffer.from(String(h['kalshi-access-signature'] ?? ''), 'base64');
      const verified = verify(
        'sha256',
        Buffer.from(`${ts}GET/trade-api/ws/v2`),
        {
          key: this.publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST
        },
        sig
      );
      this.handshakes.push({ key: String(h['kalshi-access-key'] ?? ''), verified });
      if (!verified) {
        ws.close(4001, 'bad signature');
        return;
      }
      this.ws = ws;
      ws.on('message', (data) => this.onCommand(ws, (data as Buffer).toString('utf8')));
      this.connections.push(ws);
    });
  }

  /** Starts on 127.0.0.1 and a free port; `publicKey` verifies the handshake signature. */
  static async start(publicKey: KeyObject): Promise<KalshiFeedServer> {
    const s = new KalshiFeedServer(publicKey);
    await new Promise<void>((resolve) => s.http.listen(0, '127.0.0.1', resolve));
    return s;
  }

  /** `ws://127.0.0.1:<port>` (the feed appends the path). */
  get wsBase(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  private onCommand(ws: WebSocket, text: string): void {
    const c = JSON.parse(text) as KalshiCommand;
    if (c.cmd === 'subscribe' && this.rejectSubscribe) {
      ws.send(
        JSON.stringify({
          id: c.id,
          type: 'error',
          msg: { code: 9, msg: 'Authentication required' }
        })
      );
    } else if (c.cmd === 'subscribe') {
      const sid = this.nextSid++;
      this.sid = sid;
      this.seqs.set(sid, 0);
      ws.send(
        JSON.stringify({ id: c.id, type: 'subscribed', msg: { channel: 'orderbook_delta', sid } })
      );
      for (const t of (c.params.market_tickers as string[] | undefined) ?? []) this.snapshot(t);
    } else if (c.cmd === 'unsubscribe') {
      for (const sid of (c.params.sids as number[] | undefined) ?? []) {
        this.seqs.delete(sid);
        ws.send(JSON.stringify({ id: c.id, type: 'unsubscribed', sid }));
      }
    }
    this.commands.push(c);
  }

  private seq(skip = 0): number {
    const n = (this.seqs.get(this.sid) ?? 0) + 1 + skip;
    this.seqs.set(this.sid, n);
    return n;
  }

  /** Sends the ticker's current book as an `orderbook_snapshot` on the live sid. */
  snapshot(ticker: string): void {
    const b = this.books.get(ticker) ?? {};
    const msg: Record<string, unknown> = { market_ticker: ticker, market_id: `id-${ticker}` };
    if (b.yes?.length) msg.yes_dollars_fp = b.yes;
    if (b.no?.length) msg.no_dollars_fp = b.no;
    this.send({ type: 'orderbook_snapshot', sid: this.sid, seq: this.seq(), msg });
  }

  /** Sends an `orderbook_delta` on the live sid; `skip` leaves a gap of that many seqs. */
  delta(
    ticker: string,
    side: 'yes' | 'no',
    price: string,
    delta: string,
    opts: { skip?: number; tsMs?: number } = {}
  ): void {
    const msg: Record<string, unknown> = {
      market_ticker: ticker,
      market_id: `id-${ticker}`,
      price_dollars: price,
      delta_fp: delta,
      side
    };
    if (opts.tsMs !== undefined) msg.ts_ms = opts.tsMs;
    this.send({ type: 'orderbook_delta', sid: this.sid, seq: this.seq(opts.skip), msg });
  }

  /** Sends any frame to the live connection. */
  send(frame: unknown): void {
    this.ws?.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /**
   * Writes many frames in ONE socket write, so the client reads them in one chunk (its
   * handler sees them all before it can drain: the bounded-queue case).
   */
  burst(frames: readonly unknown[]): void {
    const socket = (this.ws as unknown as { _socket?: { write(b: Buffer): void } } | null)?._socket;
    socket?.write(Buffer.concat(frames.map((f) => wsTextFrame(JSON.stringify(f)))));
  }

  /** Cuts the live connection (no close handshake). */
  drop(): void {
    this.ws?.terminate();
    this.ws = null;
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

/** One unmasked server-to-client text frame (RFC 6455 §5.2), payload < 64 KiB. */
function wsTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const head =
    payload.length < 126
      ? Buffer.from([0x81, payload.length])
      : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

/** A Polymarket token's book (`{price, size}` strings). */
export interface PolyServerBook {
  bids: { price: string; size: string }[];
  asks: { price: string; size: string }[];
}

/** The Polymarket market channel and REST `/book` on loopback. */
export class PolymarketFeedServer {
  readonly subscriptions = new Inbox<{ assets_ids: string[]; initial_dump?: boolean }>();
  readonly connections = new Inbox<WebSocket>();
  readonly restRequests = new Inbox<string>();
  /** What the initial dump sends per token. */
  readonly books = new Map<string, PolyServerBook>();
  /** What REST `/book` answers per token (default: {@link books}). */
  readonly restBooks = new Map<string, PolyServerBook>();
  /**
   * The `hash` REST `/book` sends: `valid` (the recipe's, adapters/feeds/polymarketHash.ts),
   * `wrong` (a well-formed SHA-1 of something else) or `absent` (no `hash` key).
   */
  restHash: 'valid' | 'wrong' | 'absent' = 'valid';
  pings = 0;
  /** When true, `PING` gets no `PONG` (a dead link). */
  silent = false;
  /** Venue timestamp stamped on every frame the server builds (Unix ms). */
  tsMs = Date.UTC(2026, 0, 1);
  private readonly wss: WebSocketServer;
  private readonly http: Server;
  private ws: WebSocket | null = null;

  private constructor() {
    this.http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const token = url.searchParams.get('token_id');
      if (url.pathname !== '/book' || !token) return void res.writeHead(404).end();
      this.restRequests.push(token);
      const b = this.restBooks.get(token) ?? this.books.get(token);
      if (!b) return void res.writeHead(404).end('{"error":"No orderbook exists"}');
      const body: Record<string, unknown> = {
        market: '0xcond',
        asset_id: token,
        timestamp: String(this.tsMs),
        hash: '',
        bids: b.bids,
        asks: b.asks,
        min_order_size: '5',
        tick_size: '0.01',
        neg_risk: false,
        last_trade_price: '0.5'
      };
      if (this.restHash === 'absent') delete body.hash;
      else body.hash = this.restHash === 'valid' ? polyBookHash(body) : '0'.repeat(40);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    this.wss = new WebSocketServer({ server: this.http, path: '/ws/market' });
    this.wss.on('connection', (ws) => {
      this.ws = ws;
      ws.on('message', (data) => {
        const text = (data as Buffer).toString('utf8');
        if (text === 'PING') {
          this.pings++;
          if (!this.silent) ws.send('PONG');
          return;
        }
        const sub = JSON.parse(text) as { assets_ids: string[]; initial_dump?: boolean };
        const dump = sub.assets_ids.filter((a) => this.books.has(a)).map((a) => this.bookEvent(a));
        if (dump.length) ws.send(JSON.stringify(dump));
        this.subscriptions.push(sub);
      });
      this.connections.push(ws);
    });
  }

  static async start(): Promise<PolymarketFeedServer> {
    const s = new PolymarketFeedServer();
    await new Promise<void>((resolve) => s.http.listen(0, '127.0.0.1', resolve));
    return s;
  }

  private get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws/market`;
  }

  get restBase(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A `book` event of the token's current book. */
  bookEvent(asset: string): Record<string, unknown> {
    const b = this.books.get(asset) ?? { bids: [], asks: [] };
    return {
      event_type: 'book',
      asset_id: asset,
      market: '0xcond',
      bids: b.bids,
      asks: b.asks,
      timestamp: String(this.tsMs),
      hash: '0xabc'
    };
  }

  /** A `price_change` event (one element per change). */
  priceChange(
    changes: {
      asset_id: string;
      price: string;
      size: string;
      side: string;
      best_bid?: string;
      best_ask?: string;
    }[]
  ): Record<string, unknown> {
    return {
      event_type: 'price_change',
      market: '0xcond',
      timestamp: String(this.tsMs),
      price_changes: changes.map((c) => ({ hash: '0x1', ...c }))
    };
  }

  send(frame: unknown): void {
    this.ws?.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  drop(): void {
    this.ws?.terminate();
    this.ws = null;
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
