/**
 * Positions and P&L folded from fills, in fill order — never kept as a second truth. Each
 * market's fills go through core's venue holdings model (Kalshi nets YES against NO per
 * market, each netted pair realizing $1; Polymarket holds tokens per side; sells and
 * settlements remove average-cost basis). P&L is split as core's `pnlOf` does: realized,
 * locked-in (hedged pairs valued at $1) and the cost of what is unhedged.
 */
import {
  absQty,
  addMicros,
  addQty,
  applyCostedFill,
  basisOf,
  heldBy,
  netExposure,
  pnlOf,
  NO_COSTED_HOLDINGS,
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

function finish(a: Acc): LedgerPosition {
  const h = a.holdings;
  const held: Record<HoldingKey, Qty> = {
    'kalshi:yes': heldBy(h, 'kalshi', 'yes'),
    'kalshi:no': heldBy(h, 'kalshi', 'no'),
    'polymarket:yes': heldBy(h, 'polymarket', 'yes'),
    'polymarket:no': heldBy(h, 'polymarket', 'no')
  };
  const pnl = pnlOf(h, a.realized, a.fees);
  return {
    marketId: a.marketId,
    pairId: a.pairId,
    description: a.description,
    held,
    exposure: netExposure(h),
    costBasis: basisOf(h),
    realizedPnl: pnl.realized,
    lockedInPnl: pnl.lockedIn,
    unhedgedCost: pnl.unhedgedCost,
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
