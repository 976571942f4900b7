import {
  formatMicro,
  polyBuyableQty,
  polyBuyAmounts,
  polySellableQty,
  polySellAmounts,
  POLY_TAKER_UNIT,
  TwinlegError,
  type Micros,
  type OrderAction,
  type Qty
} from '../../../core/index.js';

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
 * FAK amounts from our integer price and quantity, under the CLOB's marketable-order precision
 * (maker ≤ 2 dp, taker ≤ 4 dp on both sides, whatever the tick; rules and sources in
 * core/polyPrecision.ts):
 * - BUY: exactly `qty` shares for `qty × price` rounded up to the cent, when that keeps the
 *   implied price under the next tick ({@link polyBuyAmounts}); a full match at the limit
 *   yields the shares asked. The engine sizes entries so this holds
 *   ({@link polyBuyableQty}); any other quantity falls back to the largest buyable one at
 *   0.0001-share steps (fewer shares than asked, never more, never rounded up).
 * - SELL: shares rounded down to 2 dp, pUSD = shares × price rounded down to 4 dp (implied
 *   price within a tick under the limit: matches a bid at the limit, never a worse one). A
 *   quantity under 0.01 share cannot be sold at all and is refused with that reason.
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
    const a =
      polyBuyAmounts(qty, price, tick) ??
      polyBuyAmounts(polyBuyableQty(qty, price, tick, POLY_TAKER_UNIT as Qty), price, tick);
    if (!a) throw new AmountError(`buy of ${formatMicro(qty)} shares rounds to zero`);
    return { makerAmount: a.cash, takerAmount: a.shares, ...a };
  }
  if (polySellableQty(qty) <= 0) {
    throw new AmountError(
      `sell of ${formatMicro(qty)} shares rounds to zero: below the venue's 0.01-share ` +
        'precision, this remainder cannot be sold'
    );
  }
  const a = polySellAmounts(qty, price, tick);
  if (!a) {
    throw new AmountError(
      `sell of ${formatMicro(qty)} shares at ${formatMicro(price)}: no 4-dp pUSD amount ` +
        'keeps the price within a tick of the limit'
    );
  }
  return { makerAmount: a.shares, takerAmount: a.cash, ...a };
}
