/**
 * What a venue's cash pays for: the largest whole number of pairs whose legs on that venue
 * (price plus taker fee, from core's fee schedules) fit in its balance.
 */
import {
  addMicros,
  CONTRACT,
  notional,
  takerFee,
  venueOf,
  ZERO_MICROS,
  asQty,
  type FastExecutionRequest,
  type MarketPair,
  type Micros,
  type Qty,
  type Side,
  type Venue
} from '../../core/index.js';

/** Known cash per venue; null is unknown (no cap from that venue). */
export type VenueCash = Readonly<Record<Venue, Micros | null>>;

/** What the cash of `venue` must pay for `q` contracts of each of its legs (fees included). */
export function legCost(
  req: FastExecutionRequest,
  market: MarketPair,
  venue: Venue,
  q: Qty
): Micros {
  let cost = ZERO_MICROS;
  for (const side of ['yes', 'no'] as const satisfies readonly Side[]) {
    if (venueOf(req.arbType, side) !== venue) continue;
    const price = side === 'yes' ? req.yesPrice : req.noPrice;
    cost = addMicros(
      cost,
      addMicros(notional(q, price, 'ceil'), takerFee(venue, market, q, price))
    );
  }
  return cost;
}

/** Whole contracts (as Qty) `cash` pays for on `venue`; null when the venue has no leg. */
export function affordableOn(
  req: FastExecutionRequest,
  market: MarketPair,
  venue: Venue,
  cash: Micros
): Qty | null {
  const one = legCost(req, market, venue, CONTRACT);
  if (one === 0) return null; // no leg on this venue (or free legs): nothing to cap
  if (cash < one) return asQty(0);
  // cost is non-decreasing in q: binary search the largest whole n with cost(n) ≤ cash
  let lo = 1;
  let hi = Math.floor(cash / one) + 1; // fees only add, so more than this never fits
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (legCost(req, market, venue, asQty(mid * CONTRACT)) <= cash) lo = mid;
    else hi = mid - 1;
  }
  return asQty(lo * CONTRACT);
}

/** What {@link affordable} found. */
export interface Affordable {
  /** Pairs the cash pays for, at most `wanted`; null when no venue's cash is known. */
  readonly qty: Qty | null;
  /** The venue whose cash binds (null: none). */
  readonly venue: Venue | null;
  /** What `wanted` pairs cost each venue (fees included). */
  readonly costOfWanted: Readonly<Record<Venue, Micros>>;
}

/**
 * The pairs both venues' cash pays for, at most `wanted` (the quoted size). When `wanted`
 * fits everywhere — the usual case — it costs one fee computation per leg; the search runs
 * only when a balance binds.
 */
export function affordable(
  req: FastExecutionRequest,
  market: MarketPair,
  cash: VenueCash,
  wanted: Qty
): Affordable {
  const costOfWanted = {
    kalshi: legCost(req, market, 'kalshi', wanted),
    polymarket: legCost(req, market, 'polymarket', wanted)
  };
  let qty: Qty | null = null;
  let venue: Venue | null = null;
  for (const v of ['kalshi', 'polymarket'] as const) {
    const c = cash[v];
    if (c === null) continue;
    const q = costOfWanted[v] <= c ? wanted : affordableOn(req, market, v, c);
    if (q !== null && (qty === null || q < qty)) {
      qty = q;
      venue = v;
    }
  }
  return { qty, venue, costOfWanted };
}
