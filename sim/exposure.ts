/**
 * The real cross-venue exposure of a market, from what the simulated venues themselves hold —
 * never from the engine's books: Kalshi's net position (YES − NO: the venue nets them) plus
 * Polymarket's YES tokens minus its NO tokens. Positive: long YES. Read through each venue's
 * read-only `holdings(marketId)`; the venue's own fill record gives the same number (netting
 * leaves YES − NO as it was) and is shown beside it when the two ever disagree.
 *
 * The one exposure a venue may be left holding is the one it provably could not close: an
 * auto-close sell priced at the floor that the venue answered, unfilled in part, with no bid
 * left at or above its price ({@link FloorMiss}, recorded by the fault-injecting venue), and
 * reported by the engine as "price floor reached".
 */
import type { SimFill, SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  addQty,
  negQty,
  subQty,
  ZERO_QTY,
  type Micros,
  type Qty,
  type Side,
  type Venue
} from '../core/index.js';

const VENUES: readonly Venue[] = ['kalshi', 'polymarket'];

/** A floor-priced close sell the venue could not fill: no bid at or above its price was left. */
export interface FloorMiss {
  readonly venue: Venue;
  readonly marketId: number;
  readonly side: Side;
  readonly clientOrderId: string;
  readonly price: Micros;
  /** Contracts the order left unsold. */
  readonly left: Qty;
  readonly atMs: number;
}

/** Exposure one fill adds (long YES positive): buy YES +, sell YES −, buy NO −, sell NO +. */
export function exposureOf(f: Pick<SimFill, 'side' | 'action' | 'qty'>): Qty {
  const long = (f.side === 'yes') === (f.action === 'buy');
  return long ? f.qty : negQty(f.qty);
}

/** What one venue holds in a market, YES minus NO (Kalshi's signed net, Polymarket's tokens). */
export function venueExposure(venue: SimulatedVenue, marketId: number): Qty {
  const h = venue.holdings(marketId);
  return subQty(addQty(h.kalshiNet, h.polyYes), h.polyNo);
}

/** The same, from the venue's own fill record (buys and sells per side). */
export function fillExposure(venue: SimulatedVenue, marketId: number): Qty {
  return venue
    .fills()
    .filter((f) => f.marketId === marketId)
    .reduce((s, f) => addQty(s, exposureOf(f)), ZERO_QTY);
}

/** The market's real cross-venue exposure (see the module comment). */
export function realExposure(
  venues: Readonly<Record<Venue, SimulatedVenue>>,
  marketId: number
): Qty {
  return VENUES.reduce((s, v) => addQty(s, venueExposure(venues[v], marketId)), ZERO_QTY);
}

/** Signed exposure per venue and in total, for messages. */
export function describeExposure(
  venues: Readonly<Record<Venue, SimulatedVenue>>,
  marketId: number
): string {
  const k = venueExposure(venues.kalshi, marketId);
  const p = venueExposure(venues.polymarket, marketId);
  const q = (n: number) => String(n / 1e6);
  const fk = fillExposure(venues.kalshi, marketId);
  const fp = fillExposure(venues.polymarket, marketId);
  const fills =
    fk === k && fp === p ? '' : `; their fills say Kalshi ${q(fk)}, Polymarket ${q(fp)}`;
  return `${q(addQty(k, p))} (Kalshi net ${q(k)}, Polymarket YES−NO ${q(p)}${fills})`;
}

/** |a| − b, floored at 0 (how much of an exposure `b` contracts of proof do not cover). */
export const uncovered = (exposure: Qty, proven: Qty): Qty => {
  const abs = exposure < 0 ? negQty(exposure) : exposure;
  return abs > proven ? subQty(abs, proven) : ZERO_QTY;
};
