/**
 * The real cross-venue exposure of a market, from what the simulated venues themselves hold —
 * never from the engine's books: Kalshi's net position (YES − NO: the venue nets them) plus
 * Polymarket's YES tokens minus its NO tokens. Positive: long YES. Read through each venue's
 * read-only `holdings(marketId)`; the venue's own fill record gives the same number (netting
 * leaves YES − NO as it was) and is shown beside it when the two ever disagree.
 *
 * The one exposure a venue may be left holding is the one the auto-close provably could not
 * close. A sell walk that ends (floor, attempts, refusal, nothing held, Polymarket minimum) no
 * longer stops the close: it hedges (buys the other side up to the ceiling), which does not
 * depend on bids or holdings. So only the hedge can prove it ({@link isHedgeProof}): a close
 * buy priced at the ceiling that the venue answered, unfilled in part, with no ask left at or
 * under its price, or a close buy the venue refused for good ({@link CloseMiss}, recorded by
 * the fault-injecting venue).
 */
import type { SimFill, SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  addQty,
  negQty,
  subQty,
  ZERO_QTY,
  type Micros,
  type OrderAction,
  type Qty,
  type Side,
  type Venue
} from '../core/index.js';

const VENUES: readonly Venue[] = ['kalshi', 'polymarket'];

/**
 * A close order the venue did not fill: priced at its limit (a sell at the floor, a hedge buy at
 * the ceiling) and finished with contracts left while, right after its match, no bid at or
 * above (ask at or under) its price was in the book (`dry`); or refused for good (`refused`).
 */
export interface CloseMiss {
  readonly venue: Venue;
  readonly marketId: number;
  readonly side: Side;
  /** `sell`: a step of the sell walk; `buy`: a hedge (the other side bought). */
  readonly action: OrderAction;
  readonly why: 'dry' | 'refused';
  readonly clientOrderId: string;
  readonly price: Micros;
  /** Contracts the order left unfilled. */
  readonly left: Qty;
  readonly atMs: number;
}

/**
 * Whether a miss proves exposure unclosable: only a hedge buy's. A sell walk's floor miss or
 * refusal proves nothing any more: the close goes on to hedge after it.
 */
export const isHedgeProof = (m: Pick<CloseMiss, 'action'>): boolean => m.action === 'buy';

/** The execution a close order belongs to (its client order id is `<execution>-c<n>`). */
export const closeExecution = (clientOrderId: string): string =>
  clientOrderId.replace(/-c\d+$/, '');

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
