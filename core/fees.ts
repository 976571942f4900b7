import type { FeeParams, MarketPair, Venue } from './market.js';
import {
  asMicros,
  CENT,
  checkInteger,
  divRoundBig,
  type Micros,
  type Qty,
  USD,
  ZERO_MICROS
} from './money.js';

const M = BigInt(USD);

/** `not_integer` (naming `fn`) unless the amounts and the fee parameters are safe integers. */
function checkFeeArgs(fn: string, qty: Qty, price: Micros, p: FeeParams): void {
  checkInteger(fn, qty);
  checkInteger(fn, price);
  checkInteger(fn, p.rateMicros);
  checkInteger(fn, p.multiplierMicros);
  checkInteger(fn, p.exponent);
}

/**
 * Kalshi taker fee for one order: `ceil_to_cent(multiplier × rate × C × P × (1 − P))`.
 * Checked against the production captures: 114 @ 9¢ → 66¢, 1 @ 9¢ → 1¢, 7 @ 84¢ → 7¢.
 * Exact integer arithmetic (BigInt); `qty` in micro-contracts, `price` in micro-dollars.
 */
export function kalshiTakerFee(qty: Qty, price: Micros, params: FeeParams): Micros {
  checkFeeArgs('kalshiTakerFee', qty, price, params);
  if (qty <= 0 || params.rateMicros === 0) return ZERO_MICROS;
  const num =
    BigInt(params.multiplierMicros) *
    BigInt(params.rateMicros) *
    BigInt(qty) *
    BigInt(price) *
    (M - BigInt(price)) *
    100n;
  const centsUp = divRoundBig(num, M ** 5n, 'ceil');
  return asMicros(Number(centsUp) * CENT);
}

/** Polymarket fees are quoted to 5 decimals ($0.00001 = 10 micro-dollars). */
const POLY_FEE_UNIT = 10n;

/**
 * Polymarket taker fee: `C × rate × (P × (1 − P))^exponent`, to $0.00001.
 * `rounding: 'floor'` is what the venue charges; `'ceil'` is the conservative estimate the
 * engine uses when deciding whether an opportunity is profitable.
 */
export function polymarketTakerFee(
  qty: Qty,
  price: Micros,
  params: FeeParams,
  rounding: 'floor' | 'ceil' = 'ceil'
): Micros {
  checkFeeArgs('polymarketTakerFee', qty, price, params);
  if (qty <= 0 || params.rateMicros === 0) return ZERO_MICROS;
  const e = BigInt(params.exponent);
  const x = BigInt(price) * (M - BigInt(price)); // P(1-P) × 1e12
  const num = BigInt(qty) * BigInt(params.rateMicros) * x ** e;
  const den = M * (M * M) ** e; // result in micro-dollars
  const units = divRoundBig(num, den * POLY_FEE_UNIT, rounding);
  return asMicros(Number(units * POLY_FEE_UNIT));
}

/** Taker fee of an order of `qty` at `price` on `venue` for `market` (conservative rounding). */
export function takerFee(venue: Venue, market: MarketPair, qty: Qty, price: Micros): Micros {
  return venue === 'kalshi'
    ? kalshiTakerFee(qty, price, market.fees.kalshi)
    : polymarketTakerFee(qty, price, market.fees.polymarket, 'ceil');
}
