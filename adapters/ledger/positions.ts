/**
 * Positions and P&L folded from fills, in fill order — never kept as a second truth. Sells
 * remove average-cost basis per venue × side; hedged YES + NO pairs are valued at $1.
 */
import {
  absQty,
  addMicros,
  addQty,
  maxQty,
  minQty,
  mulDiv,
  payout,
  subMicros,
  subQty,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty
} from '../../core/index.js';
import type { FillRow } from './rows.js';
import type { HoldingKey, LedgerPosition } from './types.js';

interface Bucket {
  qty: Qty;
  basis: Micros;
}

interface Acc {
  readonly marketId: number;
  pairId: string;
  description: string;
  readonly buckets: Record<HoldingKey, Bucket>;
  sellPnl: Micros;
  fees: Micros;
}

const KEYS: readonly HoldingKey[] = ['kalshi:yes', 'kalshi:no', 'polymarket:yes', 'polymarket:no'];

function newAcc(f: FillRow): Acc {
  const buckets = {} as Record<HoldingKey, Bucket>;
  for (const k of KEYS) buckets[k] = { qty: ZERO_QTY, basis: ZERO_MICROS };
  return {
    marketId: f.market_id,
    pairId: f.pair_id,
    description: f.description,
    buckets,
    sellPnl: ZERO_MICROS,
    fees: ZERO_MICROS
  };
}

function apply(a: Acc, f: FillRow): void {
  const b = a.buckets[`${f.venue}:${f.side}`];
  a.fees = addMicros(a.fees, f.fee);
  if (f.action === 'buy') {
    b.qty = addQty(b.qty, f.contracts);
    b.basis = addMicros(b.basis, f.notional);
    return;
  }
  const sold = minQty(f.contracts, maxQty(b.qty, ZERO_QTY));
  const removed = sold >= b.qty ? b.basis : mulDiv(b.basis, sold, b.qty, 'half-up');
  b.qty = subQty(b.qty, f.contracts);
  b.basis = subMicros(b.basis, removed);
  a.sellPnl = addMicros(a.sellPnl, subMicros(f.notional, removed));
}

const share = (basis: Micros, part: Qty, whole: Qty): Micros =>
  whole <= 0 || part <= 0
    ? ZERO_MICROS
    : part >= whole
      ? basis
      : mulDiv(basis, part, whole, 'half-up');

function finish(a: Acc): LedgerPosition {
  const k = a.buckets;
  const yes = addQty(k['kalshi:yes'].qty, k['polymarket:yes'].qty);
  const no = addQty(k['kalshi:no'].qty, k['polymarket:no'].qty);
  const yesBasis = addMicros(k['kalshi:yes'].basis, k['polymarket:yes'].basis);
  const noBasis = addMicros(k['kalshi:no'].basis, k['polymarket:no'].basis);
  const hedged = maxQty(ZERO_QTY, minQty(yes, no));
  // a hedged YES + NO pair pays $1 whichever side wins
  const lockedIn = subMicros(
    payout(hedged),
    addMicros(share(yesBasis, hedged, yes), share(noBasis, hedged, no))
  );
  const held = {} as Record<HoldingKey, Qty>;
  for (const key of KEYS) held[key] = k[key].qty;
  return {
    marketId: a.marketId,
    pairId: a.pairId,
    description: a.description,
    held,
    exposure: subQty(yes, no),
    costBasis: addMicros(yesBasis, noBasis),
    realizedPnl: subMicros(addMicros(a.sellPnl, lockedIn), a.fees),
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
