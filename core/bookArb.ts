import type { MarketBooks } from './bookStore.js';
import { isTradable } from './bookMath.js';
import { legVenues } from './legs.js';
import type { MarketPair } from './market.js';
import { addMicros, floorToContracts, notional, USD, type Micros, type Qty } from './money.js';
import { arbEconomics } from './profit.js';
import { ARB_TYPES, type ArbType, type FastExecutionRequest } from './request.js';

/** What the detector demands of an opportunity (defaults: the engine config's). */
export interface ArbLimits {
  /** Minimum profit per contract after fees, at the size sent ({@link arbEconomics}). */
  readonly minProfitPerContract: Micros;
  /** Minimum whole contracts on both legs. */
  readonly minQty: Qty;
  /**
   * Minimum notional of a Polymarket leg at its limit price (the engine refuses a smaller one
   * as `below_venue_minimum` and holds the market for its delayed release). Absent: none.
   */
  readonly polyMinNotional?: Micros;
  /**
   * What the risk limits would take on `marketId` now: a function of the pair cost
   * (`yesPrice + noPrice`) giving the most pairs, e.g. the circuit breaker's `capacityNow`
   * (read once per evaluation). Sizes are capped to it, and a capped size under `minQty` or a
   * venue minimum is not quoted. Absent: no cap.
   */
  readonly riskCapacity?: (marketId: number) => CapacityAt;
}

/** The most pairs the risk limits take at a pair cost (`yesPrice + noPrice`). */
export type CapacityAt = (pairCost: Micros) => Qty;

/** One arb found on the books: the limit prices and size to send, and its economics. */
export interface ArbQuote {
  readonly arbType: ArbType;
  /** The worst YES level the size needs: the YES leg's limit price. */
  readonly yesPrice: Micros;
  /** The worst NO level the size needs: the NO leg's limit price. */
  readonly noPrice: Micros;
  /** Whole contracts, the same on both legs. */
  readonly qty: Qty;
  /** {@link arbEconomics} of the quote at `qty`, priced at the limit prices. */
  readonly profit: Micros;
  readonly profitPerContract: Micros;
}

type Scratch = { -readonly [K in keyof FastExecutionRequest]: FastExecutionRequest[K] };
const scratch: Scratch = {
  marketId: 0,
  yesPrice: 0 as Micros,
  noPrice: 0 as Micros,
  yesSize: 0 as Qty,
  noSize: 0 as Qty,
  arbType: 'PolyOnly',
  detectedNs: 0
};

/**
 * The best size of one arb type on the books, or null (a leg's book stale, crossed or empty,
 * or nothing clears the threshold).
 *
 * Walks both legs' asks together, level pair by level pair (the ladder that runs out first at
 * the current pair moves to its next level). At each step the candidate is every contract up
 * to there, priced at the worst level of each leg (the limit prices the engine sends), with
 * both taker fees from core's {@link arbEconomics} (Kalshi's per-order rounding up to the
 * cent, Polymarket's per-market rate). The answer is the deepest candidate whose profit is
 * positive and at least the threshold per contract: the marginal contract (the one at the worst levels)
 * earns the threshold, every better-priced one more, and what the engine re-checks passes.
 * The walk stops once `$1 − yes − no` is below the threshold, since fees only subtract.
 */
export function quoteArb(
  market: MarketPair,
  books: MarketBooks,
  arbType: ArbType,
  limits: ArbLimits,
  capAt: CapacityAt | undefined = limits.riskCapacity?.(market.marketId)
): ArbQuote | null {
  const v = legVenues(arbType);
  const yes = books[v.yes].yes;
  const no = books[v.no].no;
  if (!isTradable(yes) || !isTradable(no)) return null;
  const a = yes.asks;
  const b = no.asks;
  const min = limits.minProfitPerContract;
  let i = 0;
  let j = 0;
  let cumA = a.sizeAt(0) as number;
  let cumB = b.sizeAt(0) as number;
  let best: ArbQuote | null = null;
  for (;;) {
    const pa = a.priceAt(i);
    const pb = b.priceAt(j);
    if (USD - pa - pb < min) break;
    const depth = floorToContracts(Math.min(cumA, cumB) as Qty);
    const cap = capAt?.(addMicros(pa, pb));
    const capped = cap !== undefined && cap < depth;
    const q = capped ? floorToContracts(cap) : depth;
    // a capped size no larger than the best so far, at worse prices, earns less: keep the best
    if (capped && best && q <= best.qty) break;
    let taken = false;
    if (q >= limits.minQty && polyLegsFit(v, q, pa, pb, limits.polyMinNotional)) {
      scratch.arbType = arbType;
      scratch.yesPrice = pa;
      scratch.noPrice = pb;
      const e = arbEconomics(scratch, market, q);
      if (e.profit > 0 && e.profitPerContract >= min) {
        taken = true;
        best = {
          arbType,
          yesPrice: pa,
          noPrice: pb,
          qty: q,
          profit: e.profit,
          profitPerContract: e.profitPerContract
        };
      }
    }
    // deeper levels only cost more a pair, so once a capped size is taken it cannot grow; a
    // capped size refused (a Polymarket leg under the minimum) may clear it at a deeper price
    if (capped && taken) break;
    const stepA = cumA <= cumB;
    const stepB = cumB <= cumA;
    if ((stepA && i + 1 >= a.length) || (stepB && j + 1 >= b.length)) break;
    if (stepA) cumA += a.sizeAt(++i);
    if (stepB) cumB += b.sizeAt(++j);
  }
  return best;
}

/** Whether each Polymarket leg of `q` at its limit price reaches the venue minimum. */
function polyLegsFit(
  v: ReturnType<typeof legVenues>,
  q: Qty,
  yesPrice: Micros,
  noPrice: Micros,
  min: Micros | undefined
): boolean {
  if (min === undefined) return true;
  if (v.yes === 'polymarket' && notional(q, yesPrice, 'floor') < min) return false;
  return v.no !== 'polymarket' || notional(q, noPrice, 'floor') >= min;
}

/**
 * The most profitable of the four arb types on a market's books (largest total profit; ties
 * go to the first in {@link ARB_TYPES} order), or null when none clears the limits.
 */
export function bestArb(
  market: MarketPair,
  books: MarketBooks,
  limits: ArbLimits
): ArbQuote | null {
  let best: ArbQuote | null = null;
  const capAt = limits.riskCapacity?.(market.marketId);
  for (const t of ARB_TYPES) {
    const q = quoteArb(market, books, t, limits, capAt);
    if (q && (!best || q.profit > best.profit)) best = q;
  }
  return best;
}
