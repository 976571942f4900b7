/**
 * Units at the type level: `Micros` (money) and `Qty` (quantities) are distinct branded
 * numbers, so one used as the other is a compile error (`tsc --noEmit` checks the
 * `@ts-expect-error` lines: each must be an error, or the directive itself fails), and
 * `payout` is the one conversion from a quantity to money. The brands cost nothing at run
 * time: the values stay plain numbers.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  addMicros,
  addQty,
  asMicros,
  asQty,
  cents,
  complementPrice,
  contracts,
  formatQty,
  formatUsd,
  mulDiv,
  notional,
  parseMicros,
  parseQty,
  payout,
  qtyFor,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty
} from '../core/index.js';

const money = (m: Micros): Micros => m;
const quantity = (q: Qty): Qty => q;

describe('Micros and Qty are distinct types', () => {
  it('a quantity is not money and money is not a quantity', () => {
    const q = contracts(3);
    const m = cents(52);
    // @ts-expect-error a Qty where Micros is expected
    money(q);
    // @ts-expect-error Micros where a Qty is expected
    quantity(m);
    // @ts-expect-error a quantity formatted as dollars
    formatUsd(q);
    // @ts-expect-error money formatted as contracts
    formatQty(m);
    // @ts-expect-error adding money to a quantity
    addMicros(m, q);
    // @ts-expect-error adding a quantity to money
    addQty(q, m);
    // @ts-expect-error price and quantity swapped
    notional(m, q);
    expectTypeOf(q).not.toEqualTypeOf<Micros>();
    expectTypeOf(m).not.toEqualTypeOf<Qty>();
    expectTypeOf<Qty>().not.toMatchTypeOf<Micros>();
    expectTypeOf<Micros>().not.toMatchTypeOf<Qty>();
  });

  it('a raw number is neither until branded; both are still numbers', () => {
    // @ts-expect-error a bare number literal is not money
    money(520_000);
    // @ts-expect-error a bare number literal is not a quantity
    quantity(3_000_000);
    // @ts-expect-error arithmetic drops the brand (use addMicros / subMicros / sumMicros)
    money(cents(1) + cents(2));
    expectTypeOf<Micros>().toMatchTypeOf<number>();
    expectTypeOf<Qty>().toMatchTypeOf<number>();
    expect(money(asMicros(520_000))).toBe(cents(52));
    expect(quantity(asQty(3_000_000))).toBe(contracts(3));
    expect(cents(52) < contracts(1)).toBe(true); // comparisons need no conversion
  });

  it('payout is the conversion from contracts to dollars', () => {
    const q = contracts(6);
    expectTypeOf(payout).parameter(0).toEqualTypeOf<Qty>();
    expectTypeOf(payout).returns.toEqualTypeOf<Micros>();
    expectTypeOf(payout(q)).toEqualTypeOf<Micros>();
    expect(money(payout(q))).toBe(6_000_000); // $6: one contract pays $1
    expect(formatUsd(payout(q))).toBe('$6.00');
    // and qtyFor the way back, at a price: $5.20 buys 10 contracts at 52¢
    expectTypeOf(qtyFor(cents(520), cents(52))).toEqualTypeOf<Qty>();
    expect(qtyFor(cents(520), cents(52))).toBe(contracts(10));
  });

  it('constructors, parsers and helpers return the right unit', () => {
    expectTypeOf(cents(1)).toEqualTypeOf<Micros>();
    expectTypeOf(contracts(1)).toEqualTypeOf<Qty>();
    expectTypeOf(asMicros(1)).toEqualTypeOf<Micros>();
    expectTypeOf(asQty(1)).toEqualTypeOf<Qty>();
    expectTypeOf(parseMicros('0.52')).toEqualTypeOf<Micros>();
    expectTypeOf(parseQty('4.9999')).toEqualTypeOf<Qty>();
    expectTypeOf(notional(contracts(2), cents(52))).toEqualTypeOf<Micros>();
    expectTypeOf(complementPrice(cents(40))).toEqualTypeOf<Micros>();
    expectTypeOf(ZERO_MICROS).toEqualTypeOf<Micros>();
    expectTypeOf(ZERO_QTY).toEqualTypeOf<Qty>();
    // mulDiv keeps the unit of its first operand (the second and third are a ratio)
    expectTypeOf(mulDiv(cents(90), contracts(1), contracts(3))).toEqualTypeOf<Micros>();
    expectTypeOf(mulDiv(contracts(9), 1, 3)).toEqualTypeOf<Qty>();
    expectTypeOf(mulDiv(9, 1, 3)).toEqualTypeOf<number>();
    expect(mulDiv(cents(90), contracts(1), contracts(3))).toBe(cents(30));
    expect(complementPrice(cents(40))).toBe(cents(60));
  });

  it('asMicros / asQty refuse anything but a safe integer (not_integer)', () => {
    for (const bad of [0.5, Number.NaN, Infinity, 2 ** 53]) {
      expect(() => asMicros(bad)).toThrow(/asMicros: .* is not a safe integer/);
      expect(() => asQty(bad)).toThrow(/asQty: .* is not a safe integer/);
    }
    expect(asMicros(-5)).toBe(-5);
  });
});
