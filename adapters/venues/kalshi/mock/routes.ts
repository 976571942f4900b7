import { CENT } from '../../../../core/index.js';
import { formatCount, formatDollars } from '../units.js';
import { marketJson, settlementJson } from './lifecycleViews.js';
import type { MockExchange } from './exchange.js';
import type { KalshiMockOptions } from './types.js';
import { parseCreate } from './validate.js';
import { createResponseJson, fillJson, orderJson } from './views.js';

/** A JSON answer. */
export interface Answer {
  readonly status: number;
  readonly json: unknown;
}

/** Kalshi's error body. */
export const errorBody = (code: string, message: string): unknown => ({
  error: { code, message, service: 'exchange' }
});

const e = (status: number, code: string, message: string): Answer => ({
  status,
  json: errorBody(code, message)
});

function page<T>(items: readonly T[], q: URLSearchParams): { items: T[]; cursor: string } {
  const start = Number(q.get('cursor') ?? '0') || 0;
  const limit = Math.min(1000, Math.max(1, Number(q.get('limit') ?? '100') || 100));
  const next = start + limit;
  return { items: items.slice(start, next), cursor: next < items.length ? String(next) : '' };
}

/** `GET /markets/{ticker}` (public on Kalshi): the market's status, result and close time. */
export function marketAnswer(ex: MockExchange, ticker: string): Answer {
  if (!ex.lists(ticker)) return e(404, 'market_not_found', 'market not found');
  return {
    status: 200,
    json: { market: marketJson(ticker, ex.life?.status(ticker) ?? null) }
  };
}

/** Routes an authenticated request (path relative to `/trade-api/v2`). */
export function route(
  ex: MockExchange,
  opts: KalshiMockOptions,
  method: string,
  path: string,
  q: URLSearchParams,
  body: unknown,
  nowMs: number
): Answer {
  if (method === 'POST' && path === '/portfolio/events/orders') {
    const p = parseCreate(body);
    if ('code' in p) return e(p.status, p.code, p.message);
    const o = ex.create(p, nowMs);
    if ('code' in o) return e(o.status, o.code, o.message);
    return { status: 201, json: createResponseJson(o) };
  }
  if (method === 'POST' && path === '/portfolio/orders') {
    return e(
      opts.legacyStatus ?? 400,
      'deprecated_v1_order_endpoint',
      'Please switch to the V2 endpoints'
    );
  }
  if (method !== 'GET') return e(404, 'not_found', 'route not found');
  ex.catchUp();
  if (path === '/portfolio/settlements') {
    const list = (ex.life?.settlements() ?? [])
      .filter((s) => !q.get('ticker') || s.ticker === q.get('ticker'))
      .reverse();
    const pg = page(list, q);
    return { status: 200, json: { settlements: pg.items.map(settlementJson), cursor: pg.cursor } };
  }
  const m = /^\/portfolio\/orders\/([^/]+)$/.exec(path);
  if (m) {
    const o = ex.orders().find((x) => x.orderId === decodeURIComponent(m[1] ?? ''));
    return o
      ? { status: 200, json: { order: orderJson(o) } }
      : e(404, 'not_found', 'order not found');
  }
  if (path === '/portfolio/orders') {
    const minTs = Number(q.get('min_ts') ?? '0');
    const list = ex
      .orders()
      .filter(
        (o) =>
          (!q.get('ticker') || o.ticker === q.get('ticker')) &&
          (!q.get('status') || o.status === q.get('status'))
      )
      .filter((o) => o.createdMs / 1000 >= minTs)
      .reverse();
    const pg = page(list, q);
    return { status: 200, json: { orders: pg.items.map(orderJson), cursor: pg.cursor } };
  }
  if (path === '/portfolio/fills') {
    const list = ex
      .fills()
      .filter(
        (f) =>
          (!q.get('ticker') || f.ticker === q.get('ticker')) &&
          (!q.get('order_id') || f.orderId === q.get('order_id'))
      )
      .reverse();
    const pg = page(list, q);
    return { status: 200, json: { fills: pg.items.map(fillJson), cursor: pg.cursor } };
  }
  if (path === '/portfolio/positions') {
    const list = ex.positions().filter(([t]) => !q.get('ticker') || t === q.get('ticker'));
    const pg = page(list, q);
    const market_positions = pg.items.map(([ticker, qty]) => ({
      ticker,
      exchange_index: 0,
      position_fp: formatCount(qty),
      total_traded_dollars: '0.0000',
      market_exposure_dollars: '0.0000',
      realized_pnl_dollars: '0.0000',
      fees_paid_dollars: '0.0000',
      last_updated_ts: new Date(nowMs).toISOString()
    }));
    return { status: 200, json: { market_positions, event_positions: [], cursor: pg.cursor } };
  }
  if (path === '/portfolio/balance') {
    const json = {
      balance: Math.floor(ex.cash / CENT),
      balance_dollars: formatDollars(ex.cash),
      portfolio_value: Math.floor(ex.cash / CENT),
      updated_ts: Math.floor(nowMs / 1000)
    };
    return { status: 200, json };
  }
  return e(404, 'not_found', 'route not found');
}
