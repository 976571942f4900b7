/**
 * The Polymarket mock's market channel (adapters/feeds/PROTOCOLS.md §2), served at `/ws/market`
 * on the mock's port from the matching engine's own books. Public (no auth), like the venue.
 * A subscribe `{assets_ids, type: "market", initial_dump}` (or `operation: "subscribe"` /
 * `"unsubscribe"` on a live socket) answers with one array of `book` events for the listed
 * tokens (unless `initial_dump: false`); afterwards a book replaced by the mock (resting orders
 * placed or cancelled) goes out as one `price_change` per token with the new total size of
 * every changed level (`BUY` = bids, `SELL` = asks, `"0"` = level gone) and the new
 * `best_bid`/`best_ask` (`"0"`/`"1"` on an empty side), and a fill goes out as the venue does
 * after a trade: a `last_trade_price` and a fresh `book` of the token. The text `PING` is
 * answered `PONG`. Prices and sizes are decimal strings; timestamps Unix ms strings of the
 * mock's clock.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { formatMicro, type Micros, type Qty } from '../../../../core/index.js';
import type { BookChange, MockExchange } from './exchange.js';

/** The market channel's path on the mock. */
export const POLY_MOCK_WS_PATH = '/ws/market';

/** Levels sent of one token: side → price (micros) → size (micro-shares). */
interface Sent {
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
}

interface Client {
  readonly tokens: Set<string>;
  readonly sent: Map<string, Sent>;
}

/** Counts of a running market channel. */
export interface PolyStreamStats {
  pings: number;
  /** Events sent (each element of an array counts). */
  events: number;
}

const wireLevels = (m: ReadonlyMap<number, number>, dir: 1 | -1) =>
  [...m.entries()]
    .sort((a, b) => dir * (a[0] - b[0]))
    .map(([p, q]) => ({ price: formatMicro(p), size: formatMicro(q) }));

/** The market channel attached to the mock's HTTP server (see the module comment). */
export class PolymarketMockStream {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Map<WebSocket, Client>();
  private readonly unwatch: () => void;
  readonly stats: PolyStreamStats = { pings: 0, events: 0 };

  constructor(
    server: Server,
    private readonly ex: MockExchange,
    private readonly now: () => number
  ) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path !== POLY_MOCK_WS_PATH) return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
    });
    this.unwatch = ex.watchBooks((t, why) => this.changed(t, why));
  }

  private connected(ws: WebSocket): void {
    this.clients.set(ws, { tokens: new Set(), sent: new Map() });
    ws.on('close', () => this.clients.delete(ws));
    ws.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      if (text === 'PING') {
        this.stats.pings += 1;
        if (ws.readyState === ws.OPEN) ws.send('PONG');
        return;
      }
      this.subscribe(ws, text);
    });
  }

  private subscribe(ws: WebSocket, text: string): void {
    const c = this.clients.get(ws);
    let m: { assets_ids?: unknown; operation?: unknown; initial_dump?: unknown };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return; // the venue answers nothing it cannot read
    }
    if (!c || !Array.isArray(m.assets_ids)) return;
    const ids = m.assets_ids.filter((a): a is string => typeof a === 'string');
    if (m.operation === 'unsubscribe') {
      for (const a of ids) {
        c.tokens.delete(a);
        c.sent.delete(a);
      }
      return;
    }
    const fresh = ids.filter((a) => !c.tokens.has(a));
    for (const a of fresh) c.tokens.add(a);
    if (m.initial_dump === false) {
      for (const a of fresh) c.sent.set(a, this.levels(a));
      return;
    }
    const dump = fresh.filter((a) => this.ex.books.has(a)).map((a) => this.bookEvent(c, a));
    this.send(ws, dump);
  }

  private levels(token: string): Sent {
    const b = this.ex.books.get(token) ?? { bids: [], asks: [] };
    const map = (ls: readonly { price: Micros; qty: Qty }[]) =>
      new Map<number, number>(ls.map((l) => [l.price, l.qty]));
    return { bids: map(b.bids), asks: map(b.asks) };
  }

  private bookEvent(c: Client, token: string): Record<string, unknown> {
    const now = this.levels(token);
    c.sent.set(token, now);
    return {
      event_type: 'book',
      asset_id: token,
      market: this.ex.conditionOf(token),
      bids: wireLevels(now.bids, 1),
      asks: wireLevels(now.asks, -1),
      timestamp: String(this.now()),
      hash: ''
    };
  }

  private send(ws: WebSocket, events: readonly Record<string, unknown>[]): void {
    if (events.length === 0 || ws.readyState !== ws.OPEN) return;
    this.stats.events += events.length;
    ws.send(JSON.stringify(events.length === 1 ? events[0] : events));
  }

  private changed(token: string, why: BookChange): void {
    for (const [ws, c] of this.clients) {
      if (!c.tokens.has(token)) continue;
      if (why === 'trade') {
        const fill = this.ex.fills[this.ex.fills.length - 1];
        const trade =
          fill && fill.tokenId === token
            ? [
                {
                  event_type: 'last_trade_price',
                  asset_id: token,
                  market: this.ex.conditionOf(token),
                  price: formatMicro(fill.levels[fill.levels.length - 1]?.price ?? 0),
                  size: formatMicro(fill.qty),
                  side: fill.side,
                  fee_rate_bps: '0',
                  timestamp: String(this.now())
                }
              ]
            : [];
        this.send(ws, [...trade, this.bookEvent(c, token)]);
        continue;
      }
      const before = c.sent.get(token) ?? {
        bids: new Map<number, number>(),
        asks: new Map<number, number>()
      };
      const after = this.levels(token);
      c.sent.set(token, after);
      const best = (m: Map<number, number>, dir: 1 | -1, empty: string): string =>
        m.size === 0 ? empty : formatMicro(dir > 0 ? Math.max(...m.keys()) : Math.min(...m.keys()));
      const best_bid = best(after.bids, 1, '0');
      const best_ask = best(after.asks, -1, '1');
      const changes: Record<string, string>[] = [];
      for (const [side, key] of [
        ['BUY', 'bids'],
        ['SELL', 'asks']
      ] as const) {
        const prices = new Set([...before[key].keys(), ...after[key].keys()]);
        for (const p of [...prices].sort((a, b) => a - b)) {
          const size = after[key].get(p) ?? 0;
          if (size === (before[key].get(p) ?? 0)) continue;
          changes.push({
            asset_id: token,
            price: formatMicro(p),
            size: formatMicro(size),
            side,
            hash: '',
            best_bid,
            best_ask
          });
        }
      }
      if (changes.length === 0) continue;
      this.send(ws, [
        {
          event_type: 'price_change',
          market: this.ex.conditionOf(token),
          timestamp: String(this.now()),
          price_changes: changes
        }
      ]);
    }
  }

  /** Cuts every connection (no close handshake): clients see a disconnect. */
  dropAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /** Stops streaming and closes every connection. */
  close(): void {
    this.unwatch();
    this.dropAll();
    this.wss.close();
  }
}
