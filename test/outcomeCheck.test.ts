import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cents,
  checkOutcome,
  contracts,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  NO_FILL,
  ZERO_MICROS,
  type MarketPair,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest
} from '../core/index.js';

const market: MarketPair = {
  marketId: 3,
  pairId: 'pair-3',
  description: 'Test market 3',
  kalshiTicker: 'KXTEST-3',
  polyYesTokenId: '1003',
  polyNoTokenId: '2003',
  tickSize: { kalshi: cents(1), polymarket: cents(1) },
  fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES }
};

/** Buy 5 YES at 40¢. */
const buy: OrderRequest = {
  venue: 'kalshi',
  market,
  side: 'yes',
  action: 'buy',
  qty: contracts(5),
  limitPrice: cents(40),
  clientOrderId: 'c-1',
  executionId: 'e-1',
  reduceOnly: false
};
const sell: OrderRequest = { ...buy, action: 'sell', clientOrderId: 'c-2', reduceOnly: true };
const lookupRef: OrderRef = {
  venue: 'polymarket',
  market,
  side: 'no',
  action: 'buy',
  qty: contracts(5),
  clientOrderId: 'c-3',
  orderId: '0xabc'
};

/** 5 filled at 40¢, 10¢ fee: a good answer to `buy`. */
const filled: OrderOutcome = {
  status: 'filled',
  clientOrderId: 'c-1',
  orderId: 'k-1',
  filledQty: contracts(5),
  notional: cents(200),
  fee: cents(10)
};
const answer = (over: Record<string, unknown>): Record<string, unknown> => ({ ...filled, ...over });

/** The reason when `raw` is refused for `ref`, asserting the refusal's shape. */
function refusal(raw: unknown, ref: OrderRef | OrderRequest = buy): string {
  const out = checkOutcome(ref, raw);
  expect(out).toMatchObject({
    status: 'unknown',
    clientOrderId: ref.clientOrderId,
    ...NO_FILL
  });
  expect(out.orderId).toBe('orderId' in ref ? ref.orderId : undefined);
  expect(Object.isFrozen(out)).toBe(true);
  expect(out.reason).toMatch(/^unverifiable venue answer: /);
  return out.reason ?? '';
}

describe('checkOutcome: good answers pass through unchanged, as fresh frozen copies', () => {
  const good: [string, OrderRef | OrderRequest, OrderOutcome][] = [
    ['filled', buy, filled],
    [
      'partial',
      buy,
      { ...filled, status: 'partial', filledQty: contracts(2), notional: cents(78), fee: cents(4) }
    ],
    ['none', buy, { ...filled, status: 'none', ...NO_FILL, reason: 'canceled: no fill' }],
    [
      'rejected',
      sell,
      {
        status: 'rejected',
        clientOrderId: 'c-2',
        ...NO_FILL,
        rejectKind: 'rate_limited',
        reason: 'HTTP 429',
        retryAfterMs: 1_500
      }
    ],
    [
      'pending',
      lookupRef,
      {
        status: 'pending',
        clientOrderId: 'c-3',
        orderId: '0xabc',
        ...NO_FILL
      }
    ],
    [
      'sell filled at its limit',
      sell,
      {
        status: 'filled',
        clientOrderId: 'c-2',
        filledQty: contracts(5),
        notional: cents(200),
        fee: ZERO_MICROS
      }
    ]
  ];
  for (const [name, ref, raw] of good) {
    it(name, () => {
      const out = checkOutcome(ref, raw);
      expect(out).toStrictEqual(raw);
      expect(out).not.toBe(raw);
      expect(Object.isFrozen(out)).toBe(true);
    });
  }

  it('drops unknown extra fields and a rejectKind on a non-rejected answer', () => {
    const out = checkOutcome(buy, answer({ secret: 'x', rejectKind: 'auth', extra: 1 }));
    expect(out).toStrictEqual(filled);
  });

  it('gives a rejected answer without a valid rejectKind the kind other', () => {
    const raw = { status: 'rejected', clientOrderId: 'c-1', ...NO_FILL };
    expect(checkOutcome(buy, raw).rejectKind).toBe('other');
    expect(checkOutcome(buy, { ...raw, rejectKind: 'nope' }).rejectKind).toBe('other');
  });

  it('truncates a long reason, drops a non-string one and a bad Retry-After', () => {
    expect(checkOutcome(buy, answer({ reason: 'r'.repeat(1_000) })).reason).toHaveLength(300);
    expect(checkOutcome(buy, answer({ reason: 42 }))).not.toHaveProperty('reason');
    for (const retryAfterMs of [-1, 1.5, 3_600_001, NaN, '100']) {
      expect(checkOutcome(buy, answer({ retryAfterMs }))).not.toHaveProperty('retryAfterMs');
    }
  });

  it('keeps a pending/unknown status but zeroes amounts it cannot believe', () => {
    const raw = { status: 'unknown', clientOrderId: 'c-1', filledQty: NaN, notional: 7, fee: 0 };
    expect(checkOutcome(buy, raw)).toStrictEqual({
      status: 'unknown',
      clientOrderId: 'c-1',
      ...NO_FILL
    });
    const partialSoFar = {
      ...raw,
      status: 'pending',
      filledQty: contracts(1),
      notional: cents(40)
    };
    expect(checkOutcome(buy, partialSoFar)).toMatchObject({
      status: 'pending',
      filledQty: contracts(1),
      notional: cents(40)
    });
  });
});

describe('checkOutcome: answers that do not prove themselves become unknown', () => {
  it('non-objects', () => {
    expect(refusal(undefined)).toMatch(/answer is undefined, not an object/);
    expect(refusal(null)).toMatch(/answer is null/);
    expect(refusal('filled')).toMatch(/"filled", not an object/);
    expect(refusal(42)).toMatch(/42, not an object/);
  });

  it('a throwing getter, a revoked Proxy, a Proxy whose trap throws', () => {
    const getter = Object.defineProperty({ ...filled }, 'fee', {
      get() {
        throw new Error('boom');
      }
    });
    expect(refusal(getter)).toMatch(/could not be read: boom/);
    const { proxy, revoke } = Proxy.revocable({ ...filled }, {});
    revoke();
    expect(refusal(proxy)).toMatch(/could not be read/);
    const trap = new Proxy(
      {},
      {
        get() {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- hostile: not an Error
          throw Proxy.revocable({}, {}).proxy;
        }
      }
    );
    expect(refusal(trap)).toMatch(/could not be read: object/);
  });

  it('reads each field once (a getter cannot answer twice)', () => {
    let reads = 0;
    const raw = Object.defineProperty({ ...filled }, 'filledQty', {
      get: () => (++reads === 1 ? contracts(5) : contracts(500))
    });
    expect(checkOutcome(buy, raw).filledQty).toBe(contracts(5));
    expect(reads).toBe(1);
  });

  it('an unknown status', () => {
    expect(refusal(answer({ status: 'weird' }))).toMatch(/status "weird" is not an order status/);
    expect(refusal(answer({ status: undefined }))).toMatch(/status undefined/);
  });

  it('an answer about another order', () => {
    expect(refusal(answer({ clientOrderId: 'c-9' }))).toMatch(
      /answer is about order "c-9", not "c-1"/
    );
    expect(refusal(answer({ clientOrderId: 1 }))).toMatch(/clientOrderId is not a string/);
    const other = { ...filled, clientOrderId: 'c-3', orderId: '0xdef', notional: cents(300) };
    expect(refusal(other, lookupRef)).toMatch(/venue order "0xdef", not "0xabc"/);
    expect(refusal(answer({ orderId: '' }))).toMatch(/orderId "" is not a string/);
    expect(refusal(answer({ orderId: 'x'.repeat(201) }))).toMatch(/1\.\.200 chars/);
  });

  it('bad fill quantities: NaN, 10 of 5, negative, 1.5 micro-contracts, a string, a bigint', () => {
    expect(refusal(answer({ filledQty: NaN }))).toMatch(/filledQty NaN is not an integer/);
    expect(refusal(answer({ filledQty: contracts(10) }))).toMatch(
      /filledQty 10000000 exceeds the order's 5000000/
    );
    expect(refusal(answer({ filledQty: -5 }))).toMatch(/filledQty -5 is negative/);
    expect(refusal(answer({ filledQty: 1.5 }))).toMatch(/filledQty 1.5 is not an integer/);
    expect(refusal(answer({ filledQty: '5000000' }))).toMatch(/"5000000" is not an integer/);
    expect(refusal(answer({ filledQty: 5_000_000n }))).toMatch(/5000000n is not an integer/);
    expect(refusal(answer({ notional: Infinity }))).toMatch(/notional Infinity/);
  });

  it('bad fees: negative, huge, a fee without a fill', () => {
    expect(refusal(answer({ fee: -1_000_000_000 }))).toMatch(/fee -1000000000 outside/);
    expect(refusal(answer({ fee: 1e15 }))).toMatch(/fee 1000000000000000 outside 0..2010000/);
    expect(refusal(answer({ fee: Number.MAX_SAFE_INTEGER + 1 }))).toMatch(/not an integer/);
    const none = { ...filled, status: 'none', filledQty: 0, notional: 0 };
    expect(refusal(none)).toMatch(/fee 100000 without a fill/);
  });

  it('a notional a fill at its limit cannot have', () => {
    // 5 contracts: 5 µ$ of per-maker rounding either way (a sell is signed within a tick of its
    // limit, so its fills are never under it)
    expect(refusal(answer({ notional: cents(200) + 6 }))).toMatch(
      /buy notional 2000006 above its limit \(2000000\)/
    );
    expect(checkOutcome(buy, answer({ notional: cents(200) + 5 })).status).toBe('filled');
    const low = { ...filled, clientOrderId: 'c-2', notional: cents(200) - 6 };
    expect(refusal(low, sell)).toMatch(/sell notional 1999994 below its limit/);
    expect(refusal({ ...low, notional: cents(199) }, sell)).toMatch(/sell notional 1990000 below/);
    const lowOk = { ...filled, clientOrderId: 'c-2', notional: cents(200) - 5 };
    expect(checkOutcome(sell, lowOk).status).toBe('filled');
    expect(refusal(answer({ notional: 0 }))).toMatch(/notional 0 outside 1..5000000/);
    const overDollar = { ...filled, clientOrderId: 'c-3', orderId: '0xabc', notional: 5_000_001 };
    expect(refusal(overDollar, lookupRef)).toMatch(/notional 5000001 outside/);
  });

  it('a status its amounts contradict', () => {
    expect(refusal(answer({ ...NO_FILL }))).toMatch(/filled answer with no fill/);
    expect(refusal(answer({ status: 'none' }))).toMatch(/none answer with filledQty 5000000/);
    expect(refusal(answer({ status: 'rejected' }))).toMatch(/rejected answer with filledQty/);
    const paid = { ...filled, status: 'none', filledQty: 0, fee: 0 };
    expect(refusal(paid)).toMatch(/notional 2000000 without a fill/);
  });
});

describe('checkOutcome: property', () => {
  const field = fc.oneof(
    fc.anything(),
    fc.integer({ min: -10, max: 6_000_000 }),
    fc.constantFrom('filled', 'partial', 'none', 'pending', 'unknown', 'rejected', 'c-1', 'k-1'),
    fc.double(),
    fc.bigInt()
  );
  const hostile = fc.record(
    {
      status: field,
      clientOrderId: fc.oneof(fc.constant('c-1'), field),
      orderId: field,
      filledQty: field,
      notional: field,
      fee: field,
      rejectKind: field,
      reason: field,
      retryAfterMs: field
    },
    { requiredKeys: [] }
  );
  /** Answers near the edges of the rules: most pass, some miss by one unit. */
  const plausible = fc
    .record({
      status: fc.constantFrom('filled', 'partial', 'none', 'pending', 'unknown', 'rejected'),
      filledQty: fc.integer({ min: -1, max: contracts(5) + 1 }),
      price: fc.integer({ min: 0, max: 1_000_001 }),
      fee: fc.integer({ min: -1, max: 20_000 })
    })
    .map(({ status, filledQty, price, fee }) => ({
      status,
      clientOrderId: 'c-1',
      filledQty,
      notional: Math.round((filledQty * price) / 1e6),
      fee: filledQty === 0 ? 0 : fee
    }));
  const raw = fc.oneof(fc.anything(), hostile, plausible, plausible);
  const ref = fc.constantFrom<OrderRef | OrderRequest>(buy, sell, {
    ...lookupRef,
    clientOrderId: 'c-1'
  });

  it('always returns a valid frozen outcome for the ref, and never throws', () => {
    let believed = 0;
    fc.assert(
      fc.property(ref, raw, (r, x) => {
        const out = checkOutcome(r, x);
        expect(Object.isFrozen(out)).toBe(true);
        expect(out.clientOrderId).toBe(r.clientOrderId);
        for (const v of [out.filledQty, out.notional, out.fee]) {
          expect(Number.isSafeInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(out.filledQty).toBeLessThanOrEqual(r.qty);
        expect(out.notional).toBeLessThanOrEqual(out.filledQty);
        if (out.status === 'none' || out.status === 'rejected') expect(out.filledQty).toBe(0);
        if (out.status === 'filled' || out.status === 'partial') {
          expect(out.filledQty).toBeGreaterThan(0);
        }
        if (!out.reason?.startsWith('unverifiable')) believed += 1;
      }),
      { numRuns: 2_000 }
    );
    expect(believed).toBeGreaterThan(0); // the property saw accepted answers too
  });
});
