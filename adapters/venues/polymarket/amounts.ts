import {
  asMicros,
  asQty,
  mulDiv,
  TwinlegError,
  type Micros,
  type OrderAction,
  type Qty
} from '../../../core/index.js';

/** Base units per 0.01 (2 dp) and per 0.0001 (4 dp) of pUSD or shares (6-decimal tokens). */
const DP2 = 10_000;
const DP4 = 100;
const ONE = 1_000_000;

/** Signed-order amounts of one FAK order, in 6-decimal base units. */
export interface FakAmounts {
  /** What we give: pUSD for a BUY, shares for a SELL. */
  readonly makerAmount: number;
  /** What we get: shares for a BUY, pUSD for a SELL. */
  readonly takerAmount: number;
  /** Shares in the order (≤ the requested qty, never rounded up). */
  readonly shares: Qty;
  /** pUSD side of the order. */
  readonly cash: Micros;
}

/** Why amounts could not be built (`invalid_amount`; the order is refused locally, unsent). */
export class AmountError extends TwinlegError {
  constructor(message: string) {
    super('invalid_amount', message);
    this.name = 'AmountError';
  }
}

/**
 * FAK amounts from our integer price and quantity, under the CLOB's market-order precision caps
 * (pUSD side ≤ 2 dp, share side ≤ 4 dp, whatever the tick):
 * - BUY: cash = qty × price floored to 2 dp; shares = cash / price floored to 4 dp. The implied
 *   price cash/shares is ≥ the limit by less than 0.0001 (below any tick, so no worse level can
 *   match) and the share amount is never rounded up (py-sdk #291: an up-rounded share amount
 *   implies a price under the ask and never matches).
 * - SELL: shares = qty floored to 4 dp; cash = shares × price floored to 2 dp (the implied
 *   minimum price may sit up to $0.01/share under the limit, so the close still matches a bid
 *   at the limit).
 * Whole shares at a 0.01 tick are exact on both sides (same as the SDK's builders).
 */
export function fakAmounts(action: OrderAction, qty: Qty, price: Micros, tick: Micros): FakAmounts {
  if (!Number.isSafeInteger(tick) || tick <= 0 || price % tick !== 0) {
    throw new AmountError(`price ${price} is not on the tick grid ${tick}`);
  }
  if (price < tick || price > ONE - tick) {
    throw new AmountError(`price ${price} outside [tick, 1 − tick]`);
  }
  if (!Number.isSafeInteger(qty) || qty <= 0) throw new AmountError(`bad quantity ${qty}`);
  if (action === 'buy') {
    const cash = asMicros(mulDiv(price, qty, ONE * DP2, 'floor') * DP2);
    const shares = asQty(mulDiv(cash, ONE, price * DP4, 'floor') * DP4);
    if (cash <= 0 || shares <= 0) throw new AmountError('order rounds to zero');
    return { makerAmount: cash, takerAmount: shares, shares, cash };
  }
  const shares = asQty(Math.floor(qty / DP4) * DP4);
  const cash = asMicros(mulDiv(price, shares, ONE * DP2, 'floor') * DP2);
  if (cash <= 0 || shares <= 0) throw new AmountError('order rounds to zero');
  return { makerAmount: shares, takerAmount: cash, shares, cash };
}

/** Number of decimals a base-unit amount has as a 6-decimal token amount. */
export function decimalsOf(baseUnits: number): number {
  let d = 6;
  let v = baseUnits;
  while (d > 0 && v % 10 === 0) {
    v /= 10;
    d -= 1;
  }
  return d;
}
