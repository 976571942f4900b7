/**
 * Which side of its limit a Kalshi fill sits on. Whether a NO (`ask`) order's reported prices
 * are YES-book or outcome prices rests on community reports; read the wrong way, a NO leg is
 * mispriced by up to (1 − 2p). A fill that reads as worse than its limit (a buy above, a sell
 * below, in the outcome terms of the side traded) proves the reading wrong, so the outcome is
 * `unknown` (looked up) rather than believed.
 */
import {
  CONTRACT,
  formatUsd,
  mulDiv,
  notional,
  payout,
  type Micros,
  type OrderAction,
  type Qty,
  type Side
} from '../../../core/index.js';

/** Whether an order is a `bid` on Kalshi's single YES book (buy YES, sell NO). */
export function isYesBid(side: Side, action: OrderAction): boolean {
  return (side === 'yes') === (action === 'buy');
}

/**
 * Why `amount` (paid by a buy, received by a sell, before fees) for `fill` contracts of
 * `side` cannot be the fill of an order limited at `limit` (per contract, `side`'s outcome
 * terms): a price outside (0, $1), a buy above its limit or a sell below it. `source` names
 * the venue field read. `null` when the fill is on the right side. Exact integer comparison.
 */
export function priceSideProblem(
  o: { readonly side: Side; readonly action: OrderAction },
  fill: Qty,
  amount: Micros,
  limit: Micros,
  source: string
): string | null {
  const per = (m: Micros): string =>
    `${formatUsd(mulDiv(m, CONTRACT, fill, 'half-up'))} per ${o.side.toUpperCase()} contract`;
  if (fill <= 0) return null;
  if (amount <= 0 || amount >= payout(fill)) {
    return `${source} gives ${per(amount)}, outside (0, 1): its price orientation is unproven`;
  }
  // a buy pays at most fill × limit, a sell receives at least fill × limit
  const wrong =
    o.action === 'buy'
      ? amount > notional(fill, limit, 'floor')
      : amount < notional(fill, limit, 'ceil');
  if (!wrong) return null;
  const where = o.action === 'buy' ? 'above the buy' : 'below the sell';
  return `${source} gives ${per(amount)}, ${where} limit ${formatUsd(limit)}: its price orientation is unproven`;
}
