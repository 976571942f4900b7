/**
 * Money and quantity units. Every amount in twinleg is an integer in one of two units:
 *
 * - {@link Micros}: US dollars × 1,000,000 (micro-dollars). Prices, costs, fees, P&L.
 *   1¢ = 10_000, $1 = 1_000_000. Sub-cent ticks (Kalshi 0.1¢, Polymarket 0.001) are exact,
 *   and Polymarket's 6-decimal pUSD base unit maps 1:1.
 * - {@link Qty}: contracts × 1,000,000 (micro-contracts). Kalshi's 2-dp `_fp` counts and
 *   Polymarket's 6-decimal share amounts are exact, so a fractional fill is never truncated.
 *
 * The two are distinct branded types, so one used as the other does not compile; a raw
 * integer becomes one through {@link asMicros} / {@link asQty} (or {@link cents},
 * {@link contracts}, the parsers) where it enters. One contract pays $1 at settlement, so `qty`
 * micro-contracts of payout are worth exactly `qty` micro-dollars: {@link payout} is that
 * conversion. A notional `qty × price` needs a division by 1e6; {@link notional} /
 * {@link mulDiv} do it exactly (BigInt when the product leaves the safe-integer range). Never a float: every
 * function taking an amount throws a `TwinlegError` `not_integer` on anything but a safe
 * integer (NaN, ±Infinity, a fraction, a string), so bad input never becomes a wrong number.
 *
 * @packageDocumentation
 */

import { TwinlegError } from './errors.js';

declare const microsBrand: unique symbol;
declare const qtyBrand: unique symbol;

/**
 * Micro-dollars (USD × 1e6), always an integer. A branded `number`: the brand exists only at
 * compile time, so a {@link Qty} passed where money is expected (or the reverse) is a type
 * error, while every `Micros` is still a plain number at run time and wherever a `number` is
 * accepted (comparisons, formatting, JSON). Make one with {@link asMicros}, {@link cents},
 * {@link dollars}, {@link parseMicros}, {@link notional}, {@link payout} or the arithmetic
 * helpers ({@link addMicros}, {@link subMicros}, {@link sumMicros}, {@link negMicros}).
 */
export type Micros = number & { readonly [microsBrand]: true };
/**
 * Micro-contracts (contracts × 1e6), always an integer. Branded like {@link Micros}; make one
 * with {@link asQty}, {@link contracts}, {@link parseQty}, {@link floorToContracts} or the
 * helpers ({@link addQty}, {@link subQty}, {@link minQty}, {@link maxQty}, {@link absQty}).
 * {@link payout} is the one conversion to money.
 */
export type Qty = number & { readonly [qtyBrand]: true };

/**
 * Brands a raw integer as {@link Micros}: for a value that arrives unitless from a wire
 * format, a config file, a database row or a test literal. Throws a `TwinlegError`
 * `not_integer` unless `n` is a safe integer; returns `n` unchanged.
 */
export function asMicros(n: number): Micros {
  checkInteger('asMicros', n);
  return n as Micros;
}

/** Brands a raw integer as {@link Qty}; as {@link asMicros} (`not_integer` unless a safe integer). */
export function asQty(n: number): Qty {
  checkInteger('asQty', n);
  return n as Qty;
}

/** Zero dollars. */
export const ZERO_MICROS: Micros = 0 as Micros;
/** Zero contracts. */
export const ZERO_QTY: Qty = 0 as Qty;
/** One dollar in {@link Micros}. */
export const USD: Micros = 1_000_000 as Micros;
/** One cent in {@link Micros}. */
export const CENT: Micros = 10_000 as Micros;
/** One contract in {@link Qty}. */
export const CONTRACT: Qty = 1_000_000 as Qty;

/**
 * The settlement value of `q` micro-contracts: one contract pays $1, so `q` micro-contracts
 * are worth exactly `q` micro-dollars. The documented place where a quantity becomes money
 * (the `qty × $1` of an arb's payout); anything else that needs a price goes through
 * {@link notional}.
 */
export function payout(q: Qty): Micros {
  return q as number as Micros;
}

/*
 * Arithmetic. `+`/`-` on branded numbers give a plain `number`, so these keep the unit. They
 * do no checks of their own (they are on the hot path); the operands are already integers.
 */

/** Sum of amounts of money. */
export function addMicros(a: Micros, b: Micros): Micros {
  return (a + b) as Micros;
}

/** `a − b` in money. */
export function subMicros(a: Micros, b: Micros): Micros {
  return (a - b) as Micros;
}

/** Sum of any number of amounts of money (0 for none). */
export function sumMicros(...xs: readonly Micros[]): Micros {
  let s = 0;
  for (const x of xs) s += x;
  return s as Micros;
}

/** `−m`. */
export function negMicros(m: Micros): Micros {
  return -(m as number) as Micros;
}

/** The larger amount of money. */
export function maxMicros(a: Micros, b: Micros): Micros {
  return Math.max(a, b) as Micros;
}

/** The smaller amount of money. */
export function minMicros(a: Micros, b: Micros): Micros {
  return Math.min(a, b) as Micros;
}

/** Sum of quantities. */
export function addQty(a: Qty, b: Qty): Qty {
  return (a + b) as Qty;
}

/** `a − b` in contracts. */
export function subQty(a: Qty, b: Qty): Qty {
  return (a - b) as Qty;
}

/** Sum of any number of quantities (0 for none). */
export function sumQty(...xs: readonly Qty[]): Qty {
  let s = 0;
  for (const x of xs) s += x;
  return s as Qty;
}

/** `−q` (a signed position's other side). */
export function negQty(q: Qty): Qty {
  return -(q as number) as Qty;
}

/** The smaller quantity. */
export function minQty(a: Qty, b: Qty): Qty {
  return Math.min(a, b) as Qty;
}

/** The larger quantity. */
export function maxQty(a: Qty, b: Qty): Qty {
  return Math.max(a, b) as Qty;
}

/** `|q|`. */
export function absQty(q: Qty): Qty {
  return Math.abs(q) as Qty;
}

/** `n` cents as {@link Micros} (`cents(52)` = 520_000). Accepts fractional cents for sub-cent ticks. */
export function cents(n: number): Micros {
  return toInt(n * CENT, 'cents') as Micros;
}

/** `n` dollars as {@link Micros}. */
export function dollars(n: number): Micros {
  return toInt(n * USD, 'dollars') as Micros;
}

/** `n` whole (or 6-dp fractional) contracts as {@link Qty}. */
export function contracts(n: number): Qty {
  return toInt(n * CONTRACT, 'contracts') as Qty;
}

function toInt(v: number, what: string): number {
  const r = Math.round(v);
  if (!Number.isSafeInteger(r) || Math.abs(v - r) > 1e-6) {
    throw new TwinlegError('not_integer', `${what}: ${v} is not a whole number of micro units`);
  }
  return r;
}

/**
 * Throws a `TwinlegError` `not_integer` naming `fn` unless `v` is a safe integer. Every
 * function taking an amount calls it first (`Number.isSafeInteger` is false for NaN,
 * ±Infinity, fractions, values past 2^53 and non-numbers).
 */
export function checkInteger(fn: string, v: number): void {
  if (!Number.isSafeInteger(v)) notInteger(fn, v);
}

/** Cold path of {@link checkInteger}, kept out of the hot callers. */
function notInteger(fn: string, v: unknown): never {
  const shown = typeof v === 'string' ? JSON.stringify(v) : String(v);
  throw new TwinlegError('not_integer', `${fn}: ${shown} is not a safe integer`);
}

/** Rounding mode for {@link mulDiv}. */
export type Rounding = 'floor' | 'ceil' | 'half-up';

/**
 * Exact `a × b / d` for integers, rounded as asked. Uses doubles only when the product is a
 * safe integer, BigInt otherwise, so no size a limit allows can overflow or lose a unit.
 *
 * The result has the unit of `a` (`b / d` is a unitless ratio): `mulDiv(notional, part,
 * whole)` is {@link Micros}, `mulDiv(qty, budget, cost)` is {@link Qty}, plain numbers stay
 * plain. Put the operand whose unit the result carries first.
 */
export function mulDiv(a: Micros, b: number, d: number, rounding?: Rounding): Micros;
export function mulDiv(a: Qty, b: number, d: number, rounding?: Rounding): Qty;
export function mulDiv(a: number, b: number, d: number, rounding?: Rounding): number;
export function mulDiv(a: number, b: number, d: number, rounding: Rounding = 'floor'): number {
  checkInteger('mulDiv', a);
  checkInteger('mulDiv', b);
  checkInteger('mulDiv', d);
  if (d === 0) throw new TwinlegError('invalid_amount', 'mulDiv: division by zero');
  const p = a * b;
  if (Number.isSafeInteger(p)) return divRound(p, d, rounding);
  const big = BigInt(a) * BigInt(b);
  return Number(divRoundBig(big, BigInt(d), rounding));
}

/**
 * Safe-integer division. `Math.floor`/`Math.ceil` of the correctly rounded quotient are exact
 * for |n| < 2^53, but `q + 0.5` is not (it rounds up near .5 for large odd divisors), so
 * half-up decides from the exact remainder instead.
 */
function divRound(n: number, d: number, rounding: Rounding): number {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  // exact floor division: correct the float quotient with the (exact) integer remainder
  let q = Math.floor(n / d);
  let r = n - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  if (rounding === 'floor' || r === 0) return q;
  if (rounding === 'ceil') return q + 1;
  return r * 2 >= d ? q + 1 : q;
}

/** BigInt division with explicit rounding (floor / ceil / half-up toward +∞). */
export function divRoundBig(n: bigint, d: bigint, rounding: Rounding): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d;
  const r = n % d;
  const floor = r !== 0n && n < 0n ? q - 1n : q;
  if (rounding === 'floor' || r === 0n) return floor;
  if (rounding === 'ceil') return floor + 1n;
  const rem = n - floor * d; // 0 <= rem < d
  return rem * 2n >= d ? floor + 1n : floor;
}

/** Notional value of `qty` contracts at `price` per contract, in {@link Micros}. */
export function notional(qty: Qty, price: Micros, rounding: Rounding = 'half-up'): Micros {
  checkInteger('notional', qty);
  checkInteger('notional', price);
  // price × (qty / 1 contract): the same exact product, in the unit of the price
  return mulDiv(price, qty, CONTRACT, rounding);
}

/**
 * The quantity `budget` buys at `price` per contract (`budget / price` contracts), rounded
 * as asked (default down): the inverse of {@link notional}, the one documented place where
 * money becomes a quantity. `price` must not be 0.
 */
export function qtyFor(budget: Micros, price: Micros, rounding: Rounding = 'floor'): Qty {
  return mulDiv(budget, CONTRACT, price, rounding) as number as Qty;
}

/**
 * The price of the other side of a binary contract: `$1 − p` (a NO at 40¢ is a YES at 60¢;
 * Kalshi's single YES book and Polymarket's complementary tokens quote this way).
 */
export function complementPrice(p: Micros): Micros {
  return (USD - p) as Micros;
}

/** Whole contracts contained in `qty` (rounded down), still as {@link Qty}. */
export function floorToContracts(qty: Qty): Qty {
  checkInteger('floorToContracts', qty);
  return (Math.floor(qty / CONTRACT) * CONTRACT) as Qty;
}

/** Formats micro-dollars as a dollar string, e.g. `520000` → `"$0.52"`, `1234` → `"$0.001234"`. */
export function formatUsd(m: Micros): string {
  checkInteger('formatUsd', m);
  const neg = m < 0;
  const abs = Math.abs(m);
  const whole = Math.floor(abs / USD);
  const frac = String(abs % USD)
    .padStart(6, '0')
    .replace(/0{1,4}$/, '');
  const fracOut = frac.length < 2 ? frac.padEnd(2, '0') : frac;
  return `${neg ? '-' : ''}$${whole}.${fracOut}`;
}

/** Formats a price per contract in cents, e.g. `520000` → `"52¢"`, `995000` → `"99.5¢"`. */
export function formatCents(m: Micros): string {
  checkInteger('formatCents', m);
  const abs = Math.abs(m);
  const frac = String(abs % CENT)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${m < 0 ? '-' : ''}${Math.floor(abs / CENT)}${frac ? '.' + frac : ''}¢`;
}

/** Formats micro-contracts as a contract count, e.g. `5_000_000` → `"5"`, `4_999_900` → `"4.9999"`. */
export function formatQty(q: Qty): string {
  checkInteger('formatQty', q);
  return decimal6(q);
}

/**
 * Formats integer micro units (10^-6) of either unit as a plain decimal, the inverse of
 * {@link parseMicro} (`520_000` → `"0.52"`, `5_000_000` → `"5"`): for wire formats that
 * write prices, cash and share amounts alike.
 */
export function formatMicro(v: number): string {
  checkInteger('formatMicro', v);
  return decimal6(v);
}

function decimal6(v: number): string {
  const neg = v < 0;
  const abs = Math.abs(v);
  const whole = Math.floor(abs / 1_000_000);
  const frac = abs % 1_000_000;
  const f = frac === 0 ? '' : '.' + String(frac).padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${f}`;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a fixed-point decimal string exactly into integer units of 10^-6
 * (`"0.0900"` → 90_000, `"4.9999"` → 4_999_900). Throws on anything that is not a plain
 * decimal or that has more than 6 decimals, so a venue's money field is never guessed.
 */
export function parseMicro(s: string): number {
  const m = DECIMAL.exec(s.trim());
  if (!m) throw new TwinlegError('invalid_amount', `not a decimal number: ${JSON.stringify(s)}`);
  const [, sign, int = '0', fracRaw = ''] = m;
  const frac = fracRaw.replace(/0+$/, '');
  if (frac.length > 6)
    throw new TwinlegError('invalid_amount', `more than 6 decimals: ${JSON.stringify(s)}`);
  const v = Number(int) * 1_000_000 + Number(frac.padEnd(6, '0') || '0');
  if (!Number.isSafeInteger(v))
    throw new TwinlegError('invalid_amount', `out of range: ${JSON.stringify(s)}`);
  return sign ? -v : v;
}

/** {@link parseMicro} of a money field (a price, a cost, a balance) as {@link Micros}. */
export function parseMicros(s: string): Micros {
  return parseMicro(s) as Micros;
}

/** {@link parseMicro} of a quantity field (a count of contracts or shares) as {@link Qty}. */
export function parseQty(s: string): Qty {
  return parseMicro(s) as Qty;
}
