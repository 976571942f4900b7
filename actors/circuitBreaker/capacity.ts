/**
 * Remaining capacity for a new arb (one YES + one NO per contract) under the four position
 * limits. Contracts limits count `max(YES, NO)` held, so a pair adds exactly one contract;
 * dollar limits count cost basis, so a pair adds at most `yesPrice + noPrice`.
 */
import {
  asQty,
  maxQty,
  qtyFor,
  subMicros,
  subQty,
  type Micros,
  type Qty,
  ZERO_QTY
} from '../../core/index.js';
import type { BreakerConfig } from './breakerConfig.js';
import { contractsOf, type Exposure } from './exposure.js';

/** Which limit binds. */
export type LimitName = 'per_market_contracts' | 'total_contracts' | 'per_market_usd' | 'total_usd';

/** The capacity answer: micro-contracts of pairs still allowed, and the binding limit. */
export interface Capacity {
  readonly qty: Qty;
  readonly binding: LimitName;
}

/** What the capacity depends on. */
export interface CapacityInput {
  /** The market's exposure (held, or its reservation ceiling). */
  readonly market: Exposure;
  /** Exposure over every market, this one included. */
  readonly totals: { readonly contracts: Qty; readonly cost: Micros };
  /** `yesPrice + noPrice`: the most one pair can add to the cost basis. */
  readonly pairCost: Micros;
  readonly config: BreakerConfig;
}

const UNLIMITED = asQty(Number.MAX_SAFE_INTEGER);

const contractsLeft = (limit: Qty, used: Qty): Qty => maxQty(ZERO_QTY, subQty(limit, used));

const dollarsLeft = (limit: Micros, used: Micros, pairCost: Micros): Qty => {
  const room = subMicros(limit, used);
  if (room <= 0) return ZERO_QTY;
  if (pairCost <= 0) return UNLIMITED;
  return qtyFor(room, pairCost, 'floor'); // BigInt past 2^53: never overflows
};

/** The largest pair count (micro-contracts) every limit allows, and which one binds. */
export function capacityFor(i: CapacityInput): Capacity {
  const c = i.config;
  const candidates: [LimitName, Qty][] = [
    ['per_market_contracts', contractsLeft(c.maxPositionPerMarket, contractsOf(i.market))],
    ['total_contracts', contractsLeft(c.maxTotalPosition, i.totals.contracts)],
    ['per_market_usd', dollarsLeft(c.maxPositionPerMarketUsd, i.market.cost, i.pairCost)],
    ['total_usd', dollarsLeft(c.maxTotalPositionUsd, i.totals.cost, i.pairCost)]
  ];
  let best: Capacity = { qty: UNLIMITED, binding: 'per_market_contracts' };
  for (const [binding, qty] of candidates) {
    if (qty < best.qty) best = { qty, binding };
  }
  return best;
}

/** Human text of a limit, for verdict details and logs. */
export function describeLimit(name: LimitName): string {
  switch (name) {
    case 'per_market_contracts':
      return 'per-market position limit (contracts)';
    case 'total_contracts':
      return 'total position limit (contracts)';
    case 'per_market_usd':
      return 'per-market position limit (dollars at risk)';
    case 'total_usd':
      return 'total position limit (dollars at risk)';
  }
}
