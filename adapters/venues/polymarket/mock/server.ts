import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dollars, type Micros, type Qty } from '../../../../core/index.js';
import { balanceAllowanceRoute } from './balanceAllowance.js';
import { MockExchange } from './exchange.js';
import { PolymarketMockLife } from './lifecycle.js';
import { postOrder, send, type PostOrderContext } from './postOrder.js';
import { ScriptQueue } from './scripts.js';
import { PolymarketMockStream } from './stream.js';
import { sdkMarketRoute } from './sdkMarketRoutes.js';
import { gammaRoute, marketRoute } from './markets.js';
import type {
  MockBook,
  MockFill,
  MockMode,
  MockOrder,
  MockScript,
  PolymarketMockOptions
} from './types.js';
import { checkL2, type MockClock } from './verify.js';
import { tradesPage } from './trades.js';
import { openOrderJson } from './views.js';

/** A running mock CLOB. */
export interface PolymarketMock {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** The market channel's URL for the book feed: `ws://127.0.0.1:PORT/ws/market`. */
  readonly wsUrl: string;
  /** The market channel (streams the exchange's books). */
  readonly stream: PolymarketMockStream;
  /** The matching engine (books, balances, orders). */
  readonly exchange: MockExchange;
  close(): Promise<void>;
  /** Queues a scripted behaviour for the next request(s). */
  script(s: MockScript): void;
  setBook(tokenId: string, book: MockBook): void;
  /** Credits settled shares of a token. */
  setPosition(tokenId: string, qty: Qty): void;
  position(tokenId: string): { held: Qty; settled: Qty };
  balance(): Micros;
  orders(): readonly MockOrder[];
  fills(): readonly MockFill[];
  /** Every request seen: method, path (no query), answered status (0 = dropped / pending). */
  requests(): readonly { method: string; path: string; status: number }[];
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Default tolerated skew of `POLY_TIMESTAMP` and order timestamps (the venue's is undocumented). */
export const POLY_MOCK_MAX_SKEW_MS = 300_000;

/**
 * Starts a mock Polymarket CLOB V2 on 127.0.0.1 (random port unless given). With its own
 * implementation (never the adapter's), it verifies the L2 HMAC over the raw body and a fresh
 * `POLY_TIMESTAMP`, API key/passphrase/owner, a strict V2 body (no unknown fields, numeric
 * salt, ms order timestamp) and the EIP-712 signer (V2/V3 domain of the token's exchange);
 * enforces tick, precision caps, the $1 FAK minimum and balances (with a settlement lag on
 * freshly bought shares), matches scripted books, and answers like the venue. It serves the
 * market data the official SDK reads, so the SDK itself can trade against it.
 */
export async function startPolymarketMock(opts: PolymarketMockOptions): Promise<PolymarketMock> {
  const ex = new MockExchange(
    opts.markets ?? [],
    opts.balance ?? dollars(1_000_000),
    opts.settlementLagMs ?? 0,
    opts.apiKey
  );
  if (opts.pairs || opts.lifecycle)
    ex.life = new PolymarketMockLife(opts.pairs ?? [], opts.lifecycle, opts.now);
  const scripts = new ScriptQueue();
  const timers = new Set<NodeJS.Timeout>();
  const log: { method: string; path: string; status: number }[] = [];
  const nullMs = opts.lookupNullMs ?? 150;
  const clock: MockClock = {
    now: opts.now ?? Date.now,
    maxSkewMs: opts.maxSkewMs ?? POLY_MOCK_MAX_SKEW_MS
  };
  const conditions = new Map<string, string>();
  const ctx: PostOrderContext = {
    key: opts,
    funder: opts.funder ?? opts.address,
    ex,
    delayMs: opts.delayMs ?? 300,
    timers,
    clock
  };

  const lookup = (id: string, res: ServerResponse, mode: MockMode | undefined): void => {
    const o = ex.orders.get(id);
    if (mode?.kind === 'null_lookup' || !o || Date.now() - o.createdAtMs < nullMs)
      return send(res, 200, null);
    const maker = opts.funder ?? opts.address;
    const outcome = ex.life?.outcomeOf(o.tokenId) ?? 'Yes';
    send(res, 200, openOrderJson(o, opts.apiKey, maker, ex.conditionOf(o.tokenId), outcome));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const path = u.pathname;
    const entry = { method, path, status: 0 };
    log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    const raw = await readBody(req);
    ex.catchUp(); // resolutions due are paid before anything is answered
    const token = u.searchParams.get('token_id') ?? '';
    if (method === 'GET' && path === '/version') return send(res, 200, { version: 2 });
    if (method === 'GET' && path === '/time') return send(res, 200, Math.floor(clock.now() / 1000)); // the clock it judges freshness by
    if (method === 'GET' && path === '/ok') return send(res, 200, 'OK');
    if (method === 'GET' && path === '/tick-size')
      return send(res, 200, { minimum_tick_size: Number(ex.listing(token).tickSize) });
    if (method === 'GET' && path === '/neg-risk')
      return send(res, 200, { neg_risk: ex.listing(token).kind === 'neg-risk' });
    if (method === 'GET' && path === '/fee-rate') return send(res, 200, { base_fee: 0 });
    const market = sdkMarketRoute(ex, conditions, method, path, u.searchParams);
    if (market !== null) return send(res, market.status, market.json);
    const gamma = gammaRoute(ex, method, path, u.searchParams);
    if (gamma) return send(res, gamma.status, gamma.json);
    const full = marketRoute(ex, conditions, method, path);
    if (full) return send(res, full.status, full.json);
    const account = balanceAllowanceRoute(
      ex,
      opts,
      { method, path, headers: req.headers, raw },
      u.searchParams,
      clock
    );
    if (account) return send(res, account.status, account.json);
    const isOrder = method === 'POST' && path === '/order';
    const isData = method === 'GET' && path.startsWith('/data/');
    if (!isOrder && !isData) return send(res, 404, { error: 'not found' });
    const mode = scripts.take(isOrder ? 'order' : 'lookup');
    if (mode?.kind === 'rate_limit')
      return send(
        res,
        429,
        { error: 'Too Many Requests' },
        { 'retry-after': String(mode.retryAfterSec ?? 1) }
      );
    if (isData && mode?.kind === 'server_error')
      return send(res, mode.status ?? 500, { error: 'internal error' });
    if (isData && mode?.kind === 'drop') return void res.socket?.destroy();
    if (isData && mode?.kind === 'slow') await new Promise((r) => setTimeout(r, mode.ms));
    const authError = checkL2(opts, req.headers, method, path, raw, clock);
    if (authError !== null) return send(res, 401, { error: authError });
    if (isOrder) return postOrder(ctx, raw, res, mode);
    if (path.startsWith('/data/order/'))
      return lookup(path.slice('/data/order/'.length), res, mode);
    if (path === '/data/trades')
      return send(res, 200, tradesPage(ex, u.searchParams, opts.tradesPageSize ?? 100));
    send(res, 404, { error: 'not found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: 'mock failure' }));
  });
  server.keepAliveTimeout = 65_000;
  const stream = new PolymarketMockStream(server, ex, clock.now);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    wsUrl: `ws://127.0.0.1:${port}/ws/market`,
    stream,
    exchange: ex,
    close: () =>
      new Promise<void>((resolve) => {
        stream.close();
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    script: (s) => scripts.push(s),
    setBook: (t, b) => ex.setBook(t, b),
    setPosition: (t, q) => ex.setPosition(t, q),
    position: (t) => {
      ex.catchUp();
      return ex.position(t);
    },
    balance: () => {
      ex.catchUp();
      return ex.balance;
    },
    orders: () => [...ex.orders.values()],
    fills: () => [...ex.fills],
    requests: () => log
  };
}
