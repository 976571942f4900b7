import {
  asMicros,
  asQty,
  checkInteger,
  parseMicro,
  parseMicros,
  parseQty,
  TwinlegError,
  type Micros,
  type Qty
} from '../../../core/index.js';

/** Finest price a V2 request accepts: $0.0001 (4 dp), in micro-dollars. */
export const PRICE_STEP: Micros = asMicros(100);
/** Finest count Kalshi trades: 0.01 contract, in micro-contracts. */
export const COUNT_STEP: Qty = asQty(10_000);

/**
 * Formats an integer in micro units (10^-6) with exactly `dp` decimals, e.g.
 * `formatFixed(90_000, 4)` → `"0.0900"`. Throws when the value needs more decimals, so a
 * price or count is never silently rounded onto the wire.
 */
export function formatFixed(v: number, dp: number): string {
  checkInteger('formatFixed', v);
  if (!Number.isInteger(dp) || dp < 0 || dp > 6)
    throw new TwinlegError('invalid_amount', `formatFixed: ${dp} decimals is not in 0..6`);
  const unit = 10 ** (6 - dp);
  if (v % unit !== 0)
    throw new TwinlegError('invalid_amount', `${v} micro units need more than ${dp} decimals`);
  const abs = Math.abs(v);
  const whole = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000)
    .padStart(6, '0')
    .slice(0, dp);
  return `${v < 0 ? '-' : ''}${whole}${dp > 0 ? `.${frac}` : ''}`;
}

/** A dollar string with at least `minDp` (default 4) and at most 6 decimals (responses). */
export function formatDollars(m: Micros, minDp = 4): string {
  for (let dp = minDp; dp < 6; dp++) {
    if (m % 10 ** (6 - dp) === 0) return formatFixed(m, dp);
  }
  return formatFixed(m, 6);
}

/** A `_fp` contract count string with 2 decimals (`114_000_000` → `"114.00"`). */
export function formatCount(q: Qty): string {
  return formatFixed(q, 2);
}

/** Parses a fixed-point string (`"0.0900"`, `"114.00"`) into micro units; throws if malformed. */
export function parseFixed(s: string): number {
  return parseMicro(s);
}

/** A `*_dollars` string as {@link Micros} (`"0.0900"` → 90_000); throws if malformed. */
export function parseDollars(s: string): Micros {
  return parseMicros(s);
}

/** A `*_fp` count string as {@link Qty} (`"114.00"` → 114_000_000); throws if malformed. */
export function parseCount(s: string): Qty {
  return parseQty(s);
}
