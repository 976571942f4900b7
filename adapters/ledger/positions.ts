/**
 * Positions and P&L folded from fills, in fill order — never kept as a second truth. Each
 * market's fills go through core's venue holdings model (Kalshi nets YES against NO per
 * market, each netted pair realizing $1; Polymarket holds tokens per side; sells remove
 * average-cost basis); hedged YES + NO pairs across venues are valued at $1.
 */
import {
  absQty,
  addMicros,
  addQty,
  applyCostedFill,
  basisOf,
  heldBy,
  maxQty,
  minQty,
  mulDiv,
  netExposure,
  NO_COSTED_HOLDINGS,
  payout,
  sideTotals,
  subMicros,
  ZERO_MICROS,
  ZERO_QTY,
  type CostedHoldings,
  type Micros,
  type Qty
} from '../../core/index.js';
import type { FillRow } from './rows.js';
import type { HoldingKey, LedgerPosition } from './types.js';

interface Acc {
  readonly marketId: number;
  pairId: string;
  description: string;
  holdings: CostedHoldings;
  /** P&L realized by sells and Kalshi netting, before fees. */
  realized: Micros;
  fees: Micros;
}

function newAcc(f: FillRow): Acc {
  return {
    marketId: f.market_id,
    pairId: f.pair_id,
    description: f.description,
    holdings: NO_COSTED_HOLDINGS,
    realized: ZERO_MICROS,
    fees: ZERO_MICROS
  };
}

function apply(a: Acc, f: FillRow): void {
  a.fees = addMicros(a.fees, f.fee);
  const step = applyCostedFill(a.holdings, {
    venue: f.venue,
    side: f.side,
    action: f.action,
    contracts: f.contracts,
    notional: f.notional
  });
  a.holdings = step.holdings;
  a.realized = addMicros(a.realized, step.realized);
}

const share = (basis: Micros, part: Qty, whole: Qty): Micros =>
  whole <= 0 || part <= 0
    ? ZERO_MICROS
    : part >= whole
      ? basis
      : mulDiv(basis, part, whole, 'half-up');

function finish(a: Acc): LedgerPosition {
  const h = a.holdings;
  const { yes, no, yesBasis, noBasis } = sideTotals(h);
  const hedged = maxQty(ZERO_QTY, minQty(yes, no));
  // a hedged YES + NO pair pays $1 whichever side wins
  const lockedIn = subMicros(
    payout(hedged),
    addMicros(share(yesBasis, hedged, yes), share(noBasis, hedged, no))
  );
  const held: Record<HoldingKey, Qty> = {
    'kalshi:yes': heldBy(h, 'kalshi', 'yes'),
    'kalshi:no': heldBy(h, 'kalshi', 'no'),
    'polymarket:yes': heldBy(h, 'polymarket', 'yes'),
    'polymarket:no': heldBy(h, 'polymarket', 'no')
  };
  return {
    marketId: a.marketId,
    pairId: a.pairId,
    description: a.description,
    held,
    exposure: netExposure(h),
    costBasis: basisOf(h),
    realizedPnl: subMicros(addMicros(a.realized, lockedIn), a.fees),
    fees: a.fees
  };
}

/** Positions by market (ascending id) from fills in the order they were stored. */
export function foldPositions(fills: Iterable<FillRow>): LedgerPosition[] {
  const byMarket = new Map<number, Acc>();
  for (const f of fills) {
    let a = byMarket.get(f.market_id);
    if (!a) byMarket.set(f.market_id, (a = newAcc(f)));
    apply(a, f);
  }
  return [...byMarket.values()].sort((x, y) => x.marketId - y.marketId).map(finish);
}

/** Σ |exposure| over positions: contracts not hedged by the opposite side. */
export function openExposureOf(positions: readonly LedgerPosition[]): Qty {
  return positions.reduce((s, p) => addQty(s, absQty(p.exposure)), ZERO_QTY);
}
