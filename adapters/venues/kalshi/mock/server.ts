import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Qty } from '../../../../core/index.js';
import { checkAuth, toPublicKey, type AuthSettings } from './auth.js';
import { MockExchange } from './exchange.js';
import { FaultQueue } from './faults.js';
import { KalshiMockStream } from './stream.js';
import { errorBody, marketAnswer, route, type Answer } from './routes.js';
import type {
  KalshiMockOptions,
  MockBook,
  MockFill,
  MockOrder,
  MockRequestLog,
  MockScriptRule
} from './types.js';

const PREFIX = '/trade-api/v2';

/** A running mock Kalshi (see {@link startKalshiMock}). */
export interface KalshiMock {
  /** API root to give an adapter or the SDK: `http://127.0.0.1:PORT/trade-api/v2`. */
  readonly url: string;
  readonly port: number;
  /**
   * WebSocket root for the book feed (`KALSHI_WS_BASE_URL`): `ws://127.0.0.1:PORT`; the
   * order-book channel is at `/trade-api/ws/v2` on the same port.
   */
  readonly wsBase: string;
  /** The WebSocket order-book channel (streams the exchange's books). */
  readonly stream: KalshiMockStream;
  /** Stops listening and destroys every open socket and pending delayed answer. */
  close(): Promise<void>;
  /** Queues a fault for the next matching request(s). */
  script(rule: MockScriptRule): void;
  /** Replaces a market's YES book (lists the market if needed). */
  setBook(ticker: string, book: MockBook): void;
  /** The YES book now. */
  book(ticker: string): MockBook;
  setPosition(ticker: string, qty: Qty): void;
  position(ticker: string): Qty;
  /** Cash, micro-dollars. */
  balance(): number;
  orders(): readonly MockOrder[];
  fills(): readonly MockFill[];
  /** Every request received, in order. */
  requests(): readonly MockRequestLog[];
  /** The underlying exchange (markets, books, account). */
  readonly exchange: MockExchange;
}

function send(res: ServerResponse, a: Answer, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(a.json);
  res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A request body as JSON, with its `client_order_id` when it has one (for the request log). */
function parseBody(raw: string): { ok: boolean; body: unknown; clientOrderId: string | undefined } {
  try {
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const cid =
      typeof body === 'object' && body !== null
        ? (body as { client_order_id?: unknown }).client_order_id
        : undefined;
    return { ok: true, body, clientOrderId: typeof cid === 'string' ? cid : undefined };
  } catch {
    return { ok: false, body: undefined, clientOrderId: undefined };
  }
}

/**
 * Starts a protocol-faithful mock of the Kalshi Trade API v2 on 127.0.0.1: signatures are
 * verified by the mock's own code (RSA-PSS SHA-256, salt 32, over `ts + METHOD + pathname`,
 * never the adapter's signer) with a fresh millisecond timestamp (401 otherwise), V2 creates
 * are validated strictly (no unknown fields) and matched against scripted YES books, and faults
 * (429, 5xx, slow, dropped connection) can be scripted per request.
 */
export async function startKalshiMock(opts: KalshiMockOptions): Promise<KalshiMock> {
  const now = opts.now ?? Date.now;
  const ex = new MockExchange(opts);
  const faults = new FaultQueue();
  const log: MockRequestLog[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const auth: AuthSettings = {
    publicKey: toPublicKey(opts.publicKey),
    keyId: opts.keyId,
    maxSkewMs: opts.maxSkewMs,
    now
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('date', new Date(now()).toUTCString()); // the clock it judges freshness by
    const parsed = parseBody(await readBody(req));
    const cid = parsed.clientOrderId;
    const entry = (status: number | 'dropped', authOk: boolean): void => {
      log.push({
        method,
        path: url.pathname,
        query: url.search,
        authOk,
        status,
        ...(cid === undefined ? {} : { clientOrderId: cid })
      });
    };
    if (!url.pathname.startsWith(PREFIX))
      return send(res, { status: 404, json: errorBody('not_found', 'route not found') });
    const path = url.pathname.slice(PREFIX.length);
    if (method === 'GET' && path === '/exchange/status') {
      entry(200, true);
      return send(res, { status: 200, json: { exchange_active: true, trading_active: true } });
    }
    const market = /^\/markets\/([^/]+)$/.exec(path);
    if (method === 'GET' && market) {
      // public on Kalshi: no signature needed (a signed request is answered the same)
      const a = marketAnswer(ex, decodeURIComponent(market[1] ?? ''));
      entry(a.status, true);
      return send(res, a);
    }
    const why = checkAuth(auth, req.headers, method, url.pathname);
    if (why !== null) {
      entry(401, false);
      return send(res, { status: 401, json: errorBody('authentication_error', why) });
    }
    const fault = faults.take(method, url.pathname);
    if (fault?.type === 'rate_limit') {
      entry(429, true);
      const headers = { 'retry-after': String(fault.retryAfterSec ?? 1) };
      return send(
        res,
        { status: 429, json: errorBody('too_many_requests', 'too many requests') },
        headers
      );
    }
    if (fault?.type === 'error' && !fault.afterProcessing) {
      entry(fault.status, true);
      return send(res, {
        status: fault.status,
        json: errorBody(fault.code ?? 'internal_error', 'injected')
      });
    }
    if (fault?.type === 'drop' && fault.afterProcessing === false) {
      entry('dropped', true);
      return void req.socket.destroy();
    }
    if (!parsed.ok) {
      entry(400, true);
      return send(res, { status: 400, json: errorBody('invalid_parameters', 'malformed JSON') });
    }
    const a = route(ex, opts, method, path, url.searchParams, parsed.body, now());
    if (fault?.type === 'drop') {
      entry('dropped', true);
      return void req.socket.destroy();
    }
    if (fault?.type === 'error') {
      entry(fault.status, true);
      return send(res, {
        status: fault.status,
        json: errorBody(fault.code ?? 'internal_error', 'injected')
      });
    }
    entry(a.status, true);
    if (fault?.type === 'slow') {
      const t = setTimeout(() => {
        timers.delete(t);
        send(res, a);
      }, fault.delayMs);
      timers.add(t);
      return;
    }
    send(res, a);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() =>
      send(res, { status: 500, json: errorBody('internal_error', 'mock failure') })
    );
  });
  const stream = new KalshiMockStream(server, ex, auth);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${PREFIX}`,
    port,
    wsBase: `ws://127.0.0.1:${port}`,
    stream,
    exchange: ex,
    close: () =>
      new Promise<void>((resolve) => {
        stream.close();
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    script: (rule) => faults.push(rule),
    setBook: (t, b) => ex.setBook(t, b),
    book: (t) => ex.book(t),
    setPosition: (t, q) => ex.setPosition(t, q),
    position: (t) => ex.position(t),
    balance: () => {
      ex.catchUp();
      return ex.cash;
    },
    orders: () => ex.orders(),
    fills: () => ex.fills(),
    requests: () => [...log]
  };
}
