/**
 * Positions as the venues hold them, per market:
 *
 * - Kalshi keeps ONE signed net position per market (`GET /portfolio/positions` →
 *   `position_fp`, > 0 YES, < 0 NO). A buy of the side opposite the net nets against it at
 *   once: holding 10 NO and buying 10 YES leaves 0, and each netted pair pays $1 then. A sell
 *   only reduces the side of the net (reduce-only above it is refused `insufficient_balance`).
 * - Polymarket holds YES and NO tokens separately (no netting); only tokens held can be sold.
 *
 * The market's real net exposure is `kalshiNet + polyYes − polyNo` (positive: long YES).
 * The quantity model ({@link VenueHoldings}, {@link applyHoldingFill}) is linear in the fills,
 * so it does not depend on their order; the costed model ({@link CostedHoldings},
 * {@link applyCostedFill}) adds the average-cost basis and what each fill realizes (a
 * netted pair's $1, a sale's proceeds, minus the basis removed). Every position in twinleg —
 * the execution's close plan, the breaker, the ledger's positions, the position book and the
 * simulated venues — folds fills through these functions; none keeps its own netting.
 * @packageDocumentation
 */
import type { Side, Venue } from './market.js';
import {
  absQty,
  addMicros,
  addQty,
  maxQty,
  minQty,
  mulDiv,
  negQty,
  payout,
  subMicros,
  subQty,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty
} from './money.js';
import type { OrderAction } from './order.js';

/**
 * What the venues hold of one market, in contracts (micro-contracts). `kalshiNet` is signed
 * (> 0 YES, < 0 NO); the Polymarket token counts are ≥ 0 unless more was sold than recorded
 * as bought (an anomaly the model keeps visible rather than hiding).
 */
export interface VenueHoldings {
  readonly kalshiNet: Qty;
  readonly polyYes: Qty;
  readonly polyNo: Qty;
}

/** Nothing held. */
export const NO_HOLDINGS: VenueHoldings = Object.freeze({
  kalshiNet: ZERO_QTY,
  polyYes: ZERO_QTY,
  polyNo: ZERO_QTY
});

/** One fill as the holdings model needs it (quantities positive; `action` says which way). */
export interface HoldingFill {
  readonly venue: Venue;
  readonly side: Side;
  readonly action: OrderAction;
  readonly contracts: Qty;
}

/** `q` signed by side: `+q` for YES, `−q` for NO (Kalshi's `position_fp` sign). */
export function signedQty(side: Side, q: Qty): Qty {
  return side === 'yes' ? q : negQty(q);
}

/** How a fill moves Kalshi's signed net: buy YES / sell NO raise it, buy NO / sell YES lower it. */
export function kalshiDelta(f: Pick<HoldingFill, 'side' | 'action' | 'contracts'>): Qty {
  return signedQty(f.side, f.action === 'buy' ? f.contracts : negQty(f.contracts));
}

/**
 * Contracts of the held side a Kalshi move of `delta` removes from net `net`: netted pairs
 * for a buy of the other side, contracts sold for a sell (0 when the move adds to the net).
 */
export function kalshiReduced(net: Qty, delta: Qty): Qty {
  if ((net > 0 && delta < 0) || (net < 0 && delta > 0)) return minQty(absQty(net), absQty(delta));
  return ZERO_QTY;
}

/** The holdings after one fill (quantities only; linear, so fill order does not matter). */
export function applyHoldingFill(h: VenueHoldings, f: HoldingFill): VenueHoldings {
  if (f.venue === 'kalshi') return { ...h, kalshiNet: addQty(h.kalshiNet, kalshiDelta(f)) };
  const q = f.action === 'buy' ? f.contracts : negQty(f.contracts);
  return f.side === 'yes'
    ? { ...h, polyYes: addQty(h.polyYes, q) }
    : { ...h, polyNo: addQty(h.polyNo, q) };
}

/** The market's real net exposure across venues: `kalshiNet + polyYes − polyNo` (> 0: long YES). */
export function netExposure(h: VenueHoldings): Qty {
  return subQty(addQty(h.kalshiNet, h.polyYes), h.polyNo);
}

/** The net exposure seen from `side`: how many contracts long `side` the market is (may be < 0). */
export function exposureOn(h: VenueHoldings, side: Side): Qty {
  return signedQty(side, netExposure(h));
}

/**
 * What can be sold of `side` on `venue` now: Kalshi only the side of its net (a reduce-only
 * sell of the other side is refused); Polymarket the tokens held. Never negative.
 */
export function sellable(h: VenueHoldings, venue: Venue, side: Side): Qty {
  if (venue === 'kalshi') return maxQty(ZERO_QTY, signedQty(side, h.kalshiNet));
  return maxQty(ZERO_QTY, side === 'yes' ? h.polyYes : h.polyNo);
}

/** Contracts held per venue and side, the way the venue reports them (Kalshi: one side at most). */
export function heldBy(h: VenueHoldings, venue: Venue, side: Side): Qty {
  if (venue === 'kalshi') return maxQty(ZERO_QTY, signedQty(side, h.kalshiNet));
  return side === 'yes' ? h.polyYes : h.polyNo;
}

/** Contracts held per side across venues (a hedged pair shows on both sides). */
export function heldSides(h: VenueHoldings): { readonly yes: Qty; readonly no: Qty } {
  return {
    yes: addQty(heldBy(h, 'kalshi', 'yes'), h.polyYes),
    no: addQty(heldBy(h, 'kalshi', 'no'), h.polyNo)
  };
}

/** True when nothing is held on either venue. */
export function isFlat(h: VenueHoldings): boolean {
  return h.kalshiNet === 0 && h.polyYes === 0 && h.polyNo === 0;
}

/* ---------------------------------------------------------------------------------------- */

/**
 * {@link VenueHoldings} with the average-cost basis of what is held (entry notional, fees
 * excluded): `kalshiBasis` is the basis of the |net| contracts of the net's side.
 */
export interface CostedHoldings extends VenueHoldings {
  readonly kalshiBasis: Micros;
  readonly polyYesBasis: Micros;
  readonly polyNoBasis: Micros;
}

/** Nothing held, no basis. */
export const NO_COSTED_HOLDINGS: CostedHoldings = Object.freeze({
  ...NO_HOLDINGS,
  kalshiBasis: ZERO_MICROS,
  polyYesBasis: ZERO_MICROS,
  polyNoBasis: ZERO_MICROS
});

/** A fill with its exact notional (paid for a buy, received for a sell, fees excluded). */
export interface CostedFill extends HoldingFill {
  readonly notional: Micros;
}

/** What one fill did to a market's costed holdings. */
export interface CostedStep {
  readonly holdings: CostedHoldings;
  /** Basis of the held contracts it removed (sold, or netted at Kalshi). */
  readonly basisRemoved: Micros;
  /** Kalshi pairs a buy netted against the opposite side; each paid $1 at once. */
  readonly netted: Qty;
  /**
   * P&L it realized before fees: a sale's proceeds − the basis sold; a netted pair's $1 − the
   * cost of both contracts. 0 for a fill that only adds to a position.
   */
  readonly realized: Micros;
}

/** `part / whole` of `amount`, half-up; all of it when `part ≥ whole`. */
const share = (amount: Micros, part: Qty, whole: Qty): Micros =>
  part <= 0 || whole <= 0
    ? ZERO_MICROS
    : part >= whole
      ? amount
      : mulDiv(amount, part, whole, 'half-up');

/**
 * A Kalshi fill on the costed model. A sell of side S at proceeds N is a buy of the other
 * side at `count × $1 − N` (the venue books it so: an `ask` is a NO buy at the complement),
 * then netted like any opposite buy: the netted pairs pay $1, their cost and the held basis
 * they remove leave the books, and what is left of the buy opens (or adds to) the net.
 */
function kalshiCosted(h: CostedHoldings, f: CostedFill): CostedStep {
  const q = f.contracts;
  const cost = f.action === 'buy' ? f.notional : subMicros(payout(q), f.notional);
  const delta = kalshiDelta(f);
  const net = h.kalshiNet;
  const k = kalshiReduced(net, delta);
  const kalshiNet = addQty(net, delta);
  if (k === 0) {
    const basis = net === 0 ? cost : addMicros(h.kalshiBasis, cost);
    const step = { ...h, kalshiNet, kalshiBasis: kalshiNet === 0 ? ZERO_MICROS : basis };
    return { holdings: step, basisRemoved: ZERO_MICROS, netted: ZERO_QTY, realized: ZERO_MICROS };
  }
  const costK = share(cost, k, q);
  const removed = share(h.kalshiBasis, k, absQty(net));
  const realized = subMicros(payout(k), addMicros(costK, removed));
  // what is left: the old side's remaining basis, or the rest of this buy on the new side
  const kalshiBasis =
    kalshiNet === 0
      ? ZERO_MICROS
      : Math.sign(kalshiNet) === Math.sign(net)
        ? subMicros(h.kalshiBasis, removed)
        : subMicros(cost, costK);
  return {
    holdings: { ...h, kalshiNet, kalshiBasis },
    basisRemoved: removed,
    netted: f.action === 'buy' ? k : ZERO_QTY,
    realized
  };
}

/** A Polymarket fill on the costed model: tokens per side, average-cost sells. */
function polyCosted(h: CostedHoldings, f: CostedFill): CostedStep {
  const yes = f.side === 'yes';
  const held = yes ? h.polyYes : h.polyNo;
  const basis = yes ? h.polyYesBasis : h.polyNoBasis;
  const set = (qty: Qty, b: Micros): CostedHoldings =>
    yes ? { ...h, polyYes: qty, polyYesBasis: b } : { ...h, polyNo: qty, polyNoBasis: b };
  if (f.action === 'buy') {
    const holdings = set(addQty(held, f.contracts), addMicros(basis, f.notional));
    return { holdings, basisRemoved: ZERO_MICROS, netted: ZERO_QTY, realized: ZERO_MICROS };
  }
  const removed = share(basis, minQty(f.contracts, held), held);
  return {
    holdings: set(subQty(held, f.contracts), subMicros(basis, removed)),
    basisRemoved: removed,
    netted: ZERO_QTY,
    realized: subMicros(f.notional, removed)
  };
}

/** One fill on the costed model (quantities exactly as {@link applyHoldingFill}). */
export function applyCostedFill(h: CostedHoldings, f: CostedFill): CostedStep {
  return f.venue === 'kalshi' ? kalshiCosted(h, f) : polyCosted(h, f);
}

/** The quantity view of costed holdings. */
export function quantitiesOf(h: CostedHoldings): VenueHoldings {
  return { kalshiNet: h.kalshiNet, polyYes: h.polyYes, polyNo: h.polyNo };
}

/** Contracts and basis per side across venues (Kalshi's basis goes to the side of its net). */
export function sideTotals(h: CostedHoldings): {
  readonly yes: Qty;
  readonly no: Qty;
  readonly yesBasis: Micros;
  readonly noBasis: Micros;
} {
  const { yes, no } = heldSides(h);
  const kYes = h.kalshiNet > 0 ? h.kalshiBasis : ZERO_MICROS;
  const kNo = h.kalshiNet < 0 ? h.kalshiBasis : ZERO_MICROS;
  return {
    yes,
    no,
    yesBasis: addMicros(kYes, h.polyYesBasis),
    noBasis: addMicros(kNo, h.polyNoBasis)
  };
}

/** Total basis of what is held. */
export function basisOf(h: CostedHoldings): Micros {
  return addMicros(h.kalshiBasis, addMicros(h.polyYesBasis, h.polyNoBasis));
}
