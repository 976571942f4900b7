import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TwinlegError, type TwinlegCode } from '../core/errors.js';
import { KALSHI_STANDARD_FEES } from '../core/market.js';
import { kalshiTakerFee, polymarketTakerFee } from '../core/fees.js';
import {
  asMicros,
  asQty,
  CENT,
  CONTRACT,
  USD,
  cents,
  contracts,
  divRoundBig,
  dollars,
  floorToContracts,
  formatCents,
  formatQty,
  formatUsd,
  mulDiv,
  notional,
  parseMicro,
  type Micros,
  type Qty
} from '../core/money.js';

/** Asserts `fn` throws a TwinlegError with `code` whose message matches `text`. */
function expectFault(fn: () => unknown, code: TwinlegCode, text?: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(TwinlegError);
  expect((thrown as TwinlegError).code).toBe(code);
  if (text) expect((thrown as TwinlegError).message).toMatch(text);
}

describe('mulDiv', () => {
  it('divides exactly with each rounding mode', () => {
    expect(mulDiv(7, 1, 2, 'floor')).toBe(3);
    expect(mulDiv(7, 1, 2, 'ceil')).toBe(4);
    expect(mulDiv(7, 1, 2, 'half-up')).toBe(4);
    expect(mulDiv(5, 1, 3, 'half-up')).toBe(2);
    expect(mulDiv(4, 1, 3, 'half-up')).toBe(1);
    expect(mulDiv(6, 1, 3, 'ceil')).toBe(2);
    expect(mulDiv(7, 3, 2)).toBe(10); // floor by default
  });

  it('rounds negatives toward -inf (floor), +inf (ceil) and half-up toward +inf', () => {
    expect(mulDiv(-7, 1, 2, 'floor')).toBe(-4);
    expect(mulDiv(-7, 1, 2, 'ceil')).toBe(-3);
    expect(mulDiv(-7, 1, 2, 'half-up')).toBe(-3);
    expect(mulDiv(-8, 1, 3, 'half-up')).toBe(-3);
    expect(mulDiv(7, 1, -2, 'floor')).toBe(-4);
    expect(mulDiv(7, 1, -2, 'half-up')).toBe(-3);
    expect(mulDiv(-7, 1, -2, 'floor')).toBe(3);
  });

  it('uses the BigInt path exactly when the product passes 2^53', () => {
    expect(mulDiv(2 ** 40, 2 ** 30 + 1, 2 ** 20)).toBe(2 ** 50 + 2 ** 20);
    // (2^53 − 1) × 3 / 7, checked against BigInt
    const big = (BigInt(Number.MAX_SAFE_INTEGER) * 3n) / 7n;
    expect(mulDiv(Number.MAX_SAFE_INTEGER, 3, 7, 'floor')).toBe(Number(big));
    expect(mulDiv(Number.MAX_SAFE_INTEGER, 3, 7, 'ceil')).toBe(Number(big) + 1);
    expect(mulDiv(-(2 ** 40), 2 ** 20 + 1, 3, 'floor')).toBe(
      Number(divRoundBig(-(2n ** 40n) * (2n ** 20n + 1n), 3n, 'floor'))
    );
    // 1e6 contracts (1e12 micro) × 99¢ (990,000): product ~1e18
    expect(notional(contracts(1_000_000), cents(99))).toBe(990_000 * USD);
    expectFault(() => mulDiv(1, 1, 0), 'invalid_amount', /division by zero/);
  });

  it('rounds half-up exactly near .5 with large odd divisors (double path)', () => {
    // 9007068610744240 / 165494541 = 54425170.4999999969…: a float `q + 0.5` rounds it up
    expect(mulDiv(9_007_068_610_744_240, 1, 165_494_541, 'half-up')).toBe(54_425_170);
  });

  it('agrees with BigInt arithmetic on random safe inputs', () => {
    const int = fc.integer({ min: -(2 ** 31), max: 2 ** 31 });
    const div = fc.integer({ min: 1, max: 2 ** 31 }).chain((d) => fc.constantFrom(d, -d));
    const mode = fc.constantFrom('floor' as const, 'ceil' as const, 'half-up' as const);
    fc.assert(
      fc.property(int, int, div, mode, (a, b, d, m) => {
        const exact = Number(divRoundBig(BigInt(a) * BigInt(b), BigInt(d), m));
        expect(mulDiv(a, b, d, m) + 0).toBe(exact + 0);
      }),
      { numRuns: 2_000 }
    );
  });
});

describe('units', () => {
  it('cents(), dollars(), contracts() convert exactly', () => {
    expect(CENT).toBe(10_000);
    expect(cents(52)).toBe(520_000);
    expect(cents(0.5)).toBe(5_000);
    expect(cents(0.1)).toBe(1_000);
    expect(dollars(1.23)).toBe(1_230_000);
    expect(contracts(5)).toBe(5 * CONTRACT);
    expect(contracts(4.9999)).toBe(4_999_900);
    expect(contracts(0.000001)).toBe(1);
  });

  it('rejects values finer than the micro unit', () => {
    expectFault(() => cents(0.00001), 'not_integer', /^not_integer: cents: /);
    expectFault(() => contracts(1e-7), 'not_integer');
    expectFault(() => dollars(1e12), 'not_integer'); // past the safe-integer range
    expectFault(() => cents(NaN), 'not_integer', /NaN/);
  });

  it('notional and floorToContracts', () => {
    expect(notional(contracts(114), cents(9))).toBe(10_260_000);
    expect(notional(contracts(10), cents(52))).toBe(5_200_000);
    expect(notional(asQty(1), asMicros(500_000))).toBe(1); // half-up by default
    expect(notional(asQty(1), asMicros(500_000), 'floor')).toBe(0);
    expect(notional(asQty(1), asMicros(400_000), 'ceil')).toBe(1);
    expect(notional(contracts(2.5), cents(52.5))).toBe(1_312_500);
    expect(floorToContracts(asQty(4_999_900))).toBe(4_000_000);
    expect(floorToContracts(asQty(5_000_000))).toBe(5_000_000);
  });
});

describe('parseMicro', () => {
  it('parses fixed-point decimals exactly', () => {
    expect(parseMicro('0.0900')).toBe(90_000);
    expect(parseMicro('4.9999')).toBe(4_999_900);
    expect(parseMicro('12')).toBe(12_000_000);
    expect(parseMicro('0.123456')).toBe(123_456);
    expect(parseMicro('1.1234560')).toBe(1_123_456); // trailing zero past 6 dp is exact
    expect(parseMicro(' 0.52 ')).toBe(520_000);
    expect(parseMicro('-0.5')).toBe(-500_000);
  });

  it('rejects anything that is not a plain decimal of at most 6 decimals', () => {
    for (const s of ['1e5', 'abc', '', '.5', '1.', '0x10', '1,5', '+1', 'NaN', 'Infinity']) {
      expectFault(() => parseMicro(s), 'invalid_amount');
    }
    expect(() => parseMicro('0.1234567')).toThrow(/more than 6 decimals/);
    expect(() => parseMicro('9007199254.740992')).toThrow(/out of range/);
  });
});

describe('formatting', () => {
  it('formatUsd', () => {
    expect(formatUsd(asMicros(520_000))).toBe('$0.52');
    expect(formatUsd(asMicros(500_000))).toBe('$0.50');
    expect(formatUsd(asMicros(0))).toBe('$0.00');
    expect(formatUsd(asMicros(1_234))).toBe('$0.001234');
    expect(formatUsd(asMicros(100))).toBe('$0.0001');
    expect(formatUsd(asMicros(12_345_670_000))).toBe('$12345.67');
    expect(formatUsd(asMicros(-1_500_000))).toBe('-$1.50');
  });

  it('formatQty', () => {
    expect(formatQty(asQty(5_000_000))).toBe('5');
    expect(formatQty(asQty(4_999_900))).toBe('4.9999');
    expect(formatQty(asQty(0))).toBe('0');
    expect(formatQty(asQty(1))).toBe('0.000001');
    expect(formatQty(asQty(-1_500_000))).toBe('-1.5');
  });

  it('formatCents', () => {
    expect(formatCents(asMicros(520_000))).toBe('52¢');
    expect(formatCents(asMicros(995_000))).toBe('99.5¢');
    expect(formatCents(asMicros(1_000))).toBe('0.1¢');
    expect(formatCents(asMicros(1))).toBe('0.0001¢');
    expect(formatCents(USD)).toBe('100¢');
  });
});

describe('non-integer amounts', () => {
  const bad: [string, number][] = [
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['1.5', 1.5],
    ['2^53', 2 ** 53],
    ["'5' (cast)", '5' as unknown as number]
  ];
  // junk has no unit: these bypass the brand to prove the run-time guards
  const q = (v: number) => v as Qty;
  const m = (v: number) => v as Micros;
  const half = asMicros(500_000);
  const fee = (qty: Qty, p: Micros) => kalshiTakerFee(qty, p, KALSHI_STANDARD_FEES);
  const polyFee = (qty: Qty, p: Micros) =>
    polymarketTakerFee(qty, p, { rateMicros: 20_000, exponent: 1, multiplierMicros: 1_000_000 });
  const fns: [string, (v: number) => unknown][] = [
    ['mulDiv', (v) => mulDiv(v, 1, 1)],
    ['mulDiv', (v) => mulDiv(1, v, 1)],
    ['mulDiv', (v) => mulDiv(1, 1, v)],
    ['notional', (v) => notional(q(v), half)],
    ['notional', (v) => notional(CONTRACT, m(v))],
    ['floorToContracts', (v) => floorToContracts(q(v))],
    ['formatUsd', (v) => formatUsd(m(v))],
    ['formatCents', (v) => formatCents(m(v))],
    ['formatQty', (v) => formatQty(q(v))],
    ['kalshiTakerFee', (v) => fee(q(v), half)],
    ['kalshiTakerFee', (v) => fee(CONTRACT, m(v))],
    ['polymarketTakerFee', (v) => polyFee(q(v), half)],
    ['polymarketTakerFee', (v) => polyFee(CONTRACT, m(v))]
  ];
  for (const [label, v] of bad) {
    it(`${label} throws not_integer naming the function and the value`, () => {
      const shown = typeof v === 'string' ? JSON.stringify(v) : String(v);
      const esc = shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      for (const [name, fn] of fns)
        expectFault(() => fn(v), 'not_integer', new RegExp(`${name}: ${esc} is not`));
    });
  }

  it('a fee parameter that is not an integer throws too', () => {
    const params = { ...KALSHI_STANDARD_FEES, rateMicros: 0.5 };
    expectFault(() => kalshiTakerFee(CONTRACT, asMicros(500_000), params), 'not_integer');
  });
});
