/**
 * Money and quantity units. Every amount in twinleg is an integer in one of two units:
 *
 * - {@link Micros}: US dollars × 1,000,000 (micro-dollars). Prices, costs, fees, P&L.
 *   1¢ = 10_000, $1 = 1_000_000. Sub-cent ticks (Kalshi 0.1¢, Polymarket 0.001) are exact,
 *   and Polymarket's 6-decimal pUSD base unit maps 1:1.
 * - {@link Qty}: contracts × 1,000,000 (micro-contracts). Kalshi's 2-dp `_fp` counts and
 *   Polymarket's 6-decimal share amounts are exact, so a fractional fill is never truncated.
 *
 * One contract pays $1 at settlement, so `qty` micro-contracts of payout are worth exactly
 * `qty` micro-dollars. A notional `qty × price` needs a division by 1e6; {@link mulDiv} does it
 * exactly (BigInt when the product leaves the safe-integer range). Never a float: every
 * function taking an amount throws a `TwinlegError` `not_integer` on anything but a safe
 * integer (NaN, ±Infinity, a fraction, a string), so bad input never becomes a wrong number.
 *
 * @packageDocumentation
 */

import { TwinlegError } from './errors.js';

/** Micro-dollars (USD × 1e6), always an integer. */
export type Micros = number;
/** Micro-contracts (contracts × 1e6), always an integer. */
export type Qty = number;

/** One dollar in {@link Micros}. */
export const USD = 1_000_000;
/** One cent in {@link Micros}. */
export const CENT = 10_000;
/** One contract in {@link Qty}. */
export const CONTRACT = 1_000_000;

/** `n` cents as {@link Micros} (`cents(52)` = 520_000). Accepts fractional cents for sub-cent ticks. */
export function cents(n: number): Micros {
  return toInt(n * CENT, 'cents');
}

/** `n` dollars as {@link Micros}. */
export function dollars(n: number): Micros {
  return toInt(n * USD, 'dollars');
}

/** `n` whole (or 6-dp fractional) contracts as {@link Qty}. */
export function contracts(n: number): Qty {
  return toInt(n * CONTRACT, 'contracts');
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
 */
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
  return mulDiv(qty, price, CONTRACT, rounding);
}

/** Whole contracts contained in `qty` (rounded down), still as {@link Qty}. */
export function floorToContracts(qty: Qty): Qty {
  checkInteger('floorToContracts', qty);
  return Math.floor(qty / CONTRACT) * CONTRACT;
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
  const neg = q < 0;
  const abs = Math.abs(q);
  const whole = Math.floor(abs / CONTRACT);
  const frac = abs % CONTRACT;
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
