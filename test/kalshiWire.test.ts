/**
 * Kalshi V2 wire parsing, leg mapping, error classification and units — pure functions — plus
 * the mock running as a separate process.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cents, contracts, dollars, asMicros, asQty, type OrderRef } from '../core/index.js';
import {
  CreateOrderV2ResponseSchema,
  OrderSchema,
  amountFromAverage,
  classifyHttpError,
  formatDollars,
  formatFixed,
  outcomeFromCreate,
  outcomeFromOrder,
  parseJson,
  parseRetryAfter,
  toCreateOrderV2
} from '../adapters/venues/kalshi/index.js';
import { kalshiMarket, kalshiOrder, onGrid } from '../adapters/venues/kalshi/mock/index.js';

const m = kalshiMarket('KXW');

describe('leg mapping to V2', () => {
  it.each([
    ['yes', 'buy', 40, { side: 'bid', price: '0.4000' }],
    ['no', 'buy', 91, { side: 'ask', price: '0.0900' }],
    ['yes', 'sell', 84, { side: 'ask', price: '0.8400', reduce_only: true }],
    ['no', 'sell', 85, { side: 'bid', price: '0.1500', reduce_only: true }]
  ] as const)('%s %s @%ic', (side, action, p, want) => {
    const body = toCreateOrderV2(kalshiOrder(m, side, action, 200, p, 'cid-1'));
    expect(body).toEqual({
      ticker: 'KXW',
      client_order_id: 'cid-1',
      count: '200.00',
      time_in_force: 'immediate_or_cancel',
      self_trade_prevention_type: 'taker_at_cross',
      ...want
    });
  });

  it('refuses what the wire cannot carry exactly', () => {
    expect(
      toCreateOrderV2({ ...kalshiOrder(m, 'yes', 'buy', 1, 40), qty: asQty(1_234_567) })
    ).toMatch(/count/);
    expect(
      toCreateOrderV2({ ...kalshiOrder(m, 'yes', 'buy', 1, 40), limitPrice: asMicros(400_050) })
    ).toMatch(/price/);
    expect(toCreateOrderV2(kalshiOrder(m, 'yes', 'buy', 1, 40, 'has space'))).toMatch(
      /client order id/
    );
  });
});

describe('response parsing', () => {
  const resp = {
    order_id: 'o1',
    client_order_id: 'c1',
    fill_count: '114.00',
    remaining_count: '0.00',
    average_fill_price: '0.0900',
    average_fee_paid: '0.005789',
    ts_ms: 1,
    some_new_field: { nested: true }
  };

  it('tolerates unknown fields; fee per contract → total rounded to the cent', () => {
    const r = CreateOrderV2ResponseSchema.parse(resp);
    const o = outcomeFromCreate(kalshiOrder(m, 'yes', 'buy', 200, 9, 'c1'), r);
    expect(o).toEqual({
      clientOrderId: 'c1',
      orderId: 'o1',
      status: 'partial',
      filledQty: contracts(114),
      notional: dollars(10.26),
      fee: cents(66)
    });
  });

  it('fails closed when a count or money field is missing or malformed', () => {
    const { fill_count: _f, ...noFill } = resp;
    expect(CreateOrderV2ResponseSchema.safeParse(noFill).success).toBe(false);
    const { average_fee_paid: _a, ...noFee } = resp;
    expect(CreateOrderV2ResponseSchema.safeParse(noFee).success).toBe(false);
    expect(CreateOrderV2ResponseSchema.safeParse({ ...resp, fill_count: 114 }).success).toBe(false);
    expect(
      CreateOrderV2ResponseSchema.safeParse({ ...resp, average_fill_price: '9c' }).success
    ).toBe(false);
    expect(parseJson(CreateOrderV2ResponseSchema, '{not json')).toBeUndefined();
    // no fill: the averages may be absent
    expect(
      CreateOrderV2ResponseSchema.safeParse({ order_id: 'o', fill_count: '0.00' }).success
    ).toBe(true);
    const order = { order_id: 'o', ticker: 'KXW', status: 'canceled', fill_count_fp: '3.00' };
    expect(OrderSchema.safeParse(order).success).toBe(false);
    expect(
      OrderSchema.safeParse({ ...order, taker_fill_cost_dollars: '', taker_fees_dollars: '0.0300' })
        .success
    ).toBe(true);
  });

  it('NO legs take the complement of the YES-book average; a 6-dp average snaps back to the cent grid', () => {
    const r = CreateOrderV2ResponseSchema.parse({
      ...resp,
      fill_count: '3.00',
      average_fill_price: '0.096667',
      average_fee_paid: '0.006667'
    });
    expect(outcomeFromCreate(kalshiOrder(m, 'yes', 'buy', 3, 10, 'c1'), r)).toMatchObject({
      notional: cents(29),
      fee: cents(2),
      status: 'filled'
    });
    expect(outcomeFromCreate(kalshiOrder(m, 'no', 'buy', 3, 91, 'c1'), r)).toMatchObject({
      notional: cents(271)
    });
    expect(amountFromAverage(contracts(1), asMicros(95_000), cents(1))).toBe(95_000); // exact half-cent stays
  });

  it('Order lookups: buy cost as is, sell proceeds = count × $1 − cost', () => {
    const o = OrderSchema.parse({
      order_id: 'o',
      client_order_id: 'c',
      ticker: 'KXW',
      status: 'canceled',
      fill_count_fp: '7.00',
      taker_fill_cost_dollars: '1.1200',
      taker_fees_dollars: '0.0700',
      maker_fill_cost_dollars: ''
    });
    const ref: OrderRef = {
      venue: 'kalshi',
      market: m,
      side: 'yes',
      action: 'sell',
      qty: contracts(20),
      clientOrderId: 'c'
    };
    expect(outcomeFromOrder(ref, o)).toMatchObject({
      status: 'partial',
      filledQty: contracts(7),
      notional: dollars(5.88),
      fee: cents(7)
    });
    expect(outcomeFromOrder({ ...ref, action: 'buy', qty: contracts(7) }, o)).toMatchObject({
      status: 'filled',
      notional: dollars(1.12)
    });
  });
});

describe('errors and units', () => {
  const body = (code: string) =>
    JSON.stringify({ error: { code, message: code.replace(/_/g, ' '), service: 'exchange' } });
  it.each([
    [400, 'insufficient_balance', { kind: 'reject', rejectKind: 'insufficient_balance' }],
    [404, 'market_not_found', { kind: 'reject', rejectKind: 'invalid_order' }],
    [409, 'trading_is_paused', { kind: 'reject', rejectKind: 'market_closed' }],
    [409, 'market_closed', { kind: 'reject', rejectKind: 'market_closed' }],
    [409, 'order_already_exists', { kind: 'duplicate' }],
    [401, 'authentication_error', { kind: 'reject', rejectKind: 'auth' }],
    [429, 'too_many_requests', { kind: 'reject', rejectKind: 'rate_limited', retryAfterMs: 1_000 }],
    [503, 'service_unavailable', { kind: 'unknown' }],
    [400, 'deprecated_v1_order_endpoint', { kind: 'reject', rejectKind: 'other' }]
  ] as const)('%i %s', (status, code, want) => {
    expect(classifyHttpError(status, body(code), undefined, 0)).toMatchObject(want);
  });

  it('Retry-After as seconds or HTTP date; non-JSON bodies still classify', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter('0.25', 0)).toBe(250);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 7_000)).toBe(3_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(classifyHttpError(502, '<html>bad gateway</html>', undefined, 0)).toMatchObject({
      kind: 'unknown',
      code: 'http_502'
    });
  });

  it('fixed-point formatting never rounds; grids', () => {
    expect(formatFixed(90_000, 4)).toBe('0.0900');
    expect(() => formatFixed(90_050, 4)).toThrow();
    expect(formatDollars(asMicros(96_667))).toBe('0.096667');
    expect(onGrid(cents(9.5), 'linear_cent')).toBe(false);
    expect(onGrid(cents(9.5), 'tapered_deci_cent')).toBe(true);
    expect(onGrid(cents(50.5), 'tapered_deci_cent')).toBe(false);
    expect(onGrid(cents(50.5), 'deci_cent')).toBe(true);
  });
});

describe('mock as a separate process', () => {
  it('main.ts prints its URL and serves the public status endpoint', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'adapters/venues/kalshi/mock/main.ts'],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (c) => reject(new Error(`mock exited with ${String(c)}`)));
      });
      const info = JSON.parse(line) as { url: string; privateKeyPath: string };
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/);
      expect(line).not.toContain('PRIVATE KEY');
      const res = await fetch(`${info.url}/exchange/status`);
      expect(await res.json()).toEqual({ exchange_active: true, trading_active: true });
      expect((await fetch(`${info.url}/portfolio/balance`)).status).toBe(401);
    } finally {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    }
  });
});
