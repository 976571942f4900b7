/**
 * P&L that means what it says, per market and in total:
 * - **realized**: money that is final — sales, Kalshi's netted pairs, settlements — minus every
 *   fee paid;
 * - **locked-in**: what the hedged pairs still held will pay ($1 each, whichever side wins)
 *   minus their cost: earned, but only realized when the market resolves;
 * - **unhedged**: contracts of one side not matched by the other, and their cost: at risk.
 *
 * Everything is derived from fills folded through core's venue holdings model; nothing here
 * is a second record.
 * @packageDocumentation
 */
import {
  applyCostedFill,
  basisOf,
  netExposure,
  NO_COSTED_HOLDINGS,
  sideTotals,
  type CostedFill,
  type CostedHoldings,
  type CostedStep
} from './holdings.js';
import {
  absQty,
  addMicros,
  addQty,
  maxQty,
  minQty,
  mulDiv,
  payout,
  subMicros,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty
} from './money.js';

/** The three P&L amounts of one market or of a whole book. */
export interface PnlSplit {
  /** Sales, netting and settlements, minus all fees paid. */
  readonly realized: Micros;
  /** Hedged pairs' $1 each minus their cost. */
  readonly lockedIn: Micros;
  /** Hedged pairs held (min of YES and NO held across venues). */
  readonly hedged: Qty;
  /** Contracts of one side not hedged by the other (|net exposure|). */
  readonly unhedged: Qty;
  /** Cost of the unhedged contracts (what is at risk). */
  readonly unhedgedCost: Micros;
}

/** No P&L, nothing held. */
export const NO_PNL: PnlSplit = Object.freeze({
  realized: ZERO_MICROS,
  lockedIn: ZERO_MICROS,
  hedged: ZERO_QTY,
  unhedged: ZERO_QTY,
  unhedgedCost: ZERO_MICROS
});

const share = (basis: Micros, part: Qty, whole: Qty): Micros =>
  whole <= 0 || part <= 0
    ? ZERO_MICROS
    : part >= whole
      ? basis
      : mulDiv(basis, part, whole, 'half-up');

/**
 * The split of one market: `realized` is what its fills realized before fees (the sum of
 * `CostedStep.realized`), `fees` every fee its fills paid.
 */
export function pnlOf(h: CostedHoldings, realized: Micros, fees: Micros): PnlSplit {
  const { yes, no, yesBasis, noBasis } = sideTotals(h);
  const hedged = maxQty(ZERO_QTY, minQty(yes, no));
  const hedgedCost = addMicros(share(yesBasis, hedged, yes), share(noBasis, hedged, no));
  const unhedged = absQty(netExposure(h));
  const unhedgedCost = unhedged === 0 ? ZERO_MICROS : subMicros(basisOf(h), hedgedCost);
  return {
    realized: subMicros(realized, fees),
    lockedIn: subMicros(payout(hedged), hedgedCost),
    hedged,
    unhedged,
    unhedgedCost
  };
}

/** Σ of several splits. */
export function sumPnl(list: Iterable<PnlSplit>): PnlSplit {
  let t = NO_PNL;
  for (const p of list)
    t = {
      realized: addMicros(t.realized, p.realized),
      lockedIn: addMicros(t.lockedIn, p.lockedIn),
      hedged: addQty(t.hedged, p.hedged),
      unhedged: addQty(t.unhedged, p.unhedged),
      unhedgedCost: addMicros(t.unhedgedCost, p.unhedgedCost)
    };
  return t;
}

/** One fill as the P&L fold needs it. */
export interface PnlFill extends CostedFill {
  readonly marketId: number;
  readonly fee: Micros;
}

interface MarketAcc {
  holdings: CostedHoldings;
  realized: Micros;
  fees: Micros;
}

/**
 * Folds fills, market by market, through the costed venue holdings model into the P&L split —
 * the one fold the position book and the replay report share.
 */
export class PnlBook {
  private readonly markets = new Map<number, MarketAcc>();

  /** Applies one fill; returns the step (holdings after it, what it realized and netted). */
  apply(f: PnlFill): CostedStep {
    let m = this.markets.get(f.marketId);
    if (!m) {
      m = { holdings: NO_COSTED_HOLDINGS, realized: ZERO_MICROS, fees: ZERO_MICROS };
      this.markets.set(f.marketId, m);
    }
    const step = applyCostedFill(m.holdings, f);
    m.holdings = step.holdings;
    m.realized = addMicros(m.realized, step.realized);
    m.fees = addMicros(m.fees, f.fee);
    return step;
  }

  /** A market's costed holdings (nothing held when it never traded). */
  holdings(marketId: number): CostedHoldings {
    return this.markets.get(marketId)?.holdings ?? NO_COSTED_HOLDINGS;
  }

  /** A market's split. */
  market(marketId: number): PnlSplit {
    const m = this.markets.get(marketId);
    return m ? pnlOf(m.holdings, m.realized, m.fees) : NO_PNL;
  }

  /** The split over every market. */
  total(): PnlSplit {
    return sumPnl([...this.markets.values()].map((m) => pnlOf(m.holdings, m.realized, m.fees)));
  }
}
