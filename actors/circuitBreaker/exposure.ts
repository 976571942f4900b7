/**
 * Positions as the breaker sees them, derived only from the fills it receives (buys add,
 * sells reduce), plus the capacity reserved by executions that were assessed but have not
 * reported their result yet.
 */
import {
  addMicros,
  addQty,
  maxMicros,
  maxQty,
  minQty,
  mulDiv,
  notional,
  subMicros,
  subQty,
  type FillRecord,
  type Micros,
  type Qty,
  ZERO_MICROS,
  ZERO_QTY
} from '../../core/index.js';

/** Held (or reserved-ceiling) contracts per side and their cost basis in one market. */
export interface Exposure {
  readonly yes: Qty;
  readonly no: Qty;
  /** Cost basis of the contracts held (entry notional, fees excluded), micro-dollars. */
  readonly cost: Micros;
}

/** Contracts a market's exposure counts for: the larger side (a hedged pair counts once). */
export function contractsOf(e: Exposure): Qty {
  return maxQty(e.yes, e.no);
}

/** Contracts and cost basis held per side in one market. */
export interface Holding {
  yes: Qty;
  no: Qty;
  yesCost: Micros;
  noCost: Micros;
}

const EMPTY: Exposure = { yes: ZERO_QTY, no: ZERO_QTY, cost: ZERO_MICROS };

/**
 * The breaker's position book. A reservation is a ceiling (`held at assess + granted pair
 * count`); while it stands the market counts as `max(held, ceiling)` per component, so the
 * fills of the running execution are never counted twice and never escape the limits.
 */
export class ExposureBook {
  private readonly held = new Map<number, Holding>();
  private readonly reserved = new Map<number, Exposure>();

  /** Applies one fill; returns the cost basis removed by a sell (0 for a buy). */
  applyFill(
    f: Pick<FillRecord, 'marketId' | 'side' | 'action' | 'contracts' | 'notional'>
  ): Micros {
    let h = this.held.get(f.marketId);
    if (!h) {
      h = { yes: ZERO_QTY, no: ZERO_QTY, yesCost: ZERO_MICROS, noCost: ZERO_MICROS };
      this.held.set(f.marketId, h);
    }
    const costKey = f.side === 'yes' ? 'yesCost' : 'noCost';
    if (f.action === 'buy') {
      h[f.side] = addQty(h[f.side], f.contracts);
      h[costKey] = addMicros(h[costKey], f.notional);
      return ZERO_MICROS;
    }
    const qty = h[f.side];
    const basis = h[costKey];
    const sold = minQty(f.contracts, qty);
    // average-cost reduction; selling the whole side removes the whole basis
    const removed = sold === qty ? basis : mulDiv(basis, sold, qty, 'floor');
    h[f.side] = subQty(qty, sold);
    h[costKey] = subMicros(basis, removed);
    if (h.yes === 0 && h.no === 0) this.held.delete(f.marketId);
    return removed;
  }

  /** Per-side holdings and cost of every market, ascending id (for persistence). */
  holdings(): { readonly marketId: number; readonly holding: Readonly<Holding> }[] {
    return [...this.held.entries()]
      .sort(([a], [b]) => a - b)
      .map(([marketId, h]) => ({ marketId, holding: { ...h } }));
  }

  /** Replaces all holdings (restoring a snapshot); reservations are dropped. */
  restoreHoldings(list: readonly { readonly marketId: number; readonly holding: Holding }[]): void {
    this.held.clear();
    this.reserved.clear();
    for (const { marketId, holding } of list) {
      if (holding.yes !== 0 || holding.no !== 0) this.held.set(marketId, { ...holding });
    }
  }

  /** Drops a market's holdings (resolved and paid out, or flattened outside the engine). */
  settle(marketId: number): void {
    this.held.delete(marketId);
  }

  /** What a market holds now, ignoring reservations. */
  heldOf(marketId: number): Exposure {
    const h = this.held.get(marketId);
    return h ? { yes: h.yes, no: h.no, cost: addMicros(h.yesCost, h.noCost) } : EMPTY;
  }

  /** Reserves `qty` pairs at `pairCost` per contract for the execution about to run. */
  reserve(marketId: number, qty: Qty, pairCost: Micros): void {
    const h = this.heldOf(marketId);
    this.reserved.set(marketId, {
      yes: addQty(h.yes, qty),
      no: addQty(h.no, qty),
      cost: addMicros(h.cost, notional(qty, pairCost, 'ceil'))
    });
  }

  /** Ends a market's reservation (its execution reported a result). */
  release(marketId: number): void {
    this.reserved.delete(marketId);
  }

  /** A market's exposure for limit checks: held, raised to its reservation ceiling. */
  exposureOf(marketId: number): Exposure {
    const h = this.heldOf(marketId);
    const r = this.reserved.get(marketId);
    if (!r) return h;
    return {
      yes: maxQty(h.yes, r.yes),
      no: maxQty(h.no, r.no),
      cost: maxMicros(h.cost, r.cost)
    };
  }

  /** Exposure summed over every market (held or reserved). */
  totals(): { readonly contracts: Qty; readonly cost: Micros } {
    let contracts = ZERO_QTY;
    let cost = ZERO_MICROS;
    for (const id of new Set([...this.held.keys(), ...this.reserved.keys()])) {
      const e = this.exposureOf(id);
      contracts = addQty(contracts, contractsOf(e));
      cost = addMicros(cost, e.cost);
    }
    return { contracts, cost };
  }

  /** Markets with holdings, ascending id, for status snapshots. */
  positions(): { readonly marketId: number; readonly held: Exposure }[] {
    return [...this.held.keys()]
      .sort((a, b) => a - b)
      .map((id) => ({ marketId: id, held: this.heldOf(id) }));
  }

  /** Markets with an open reservation (executions in progress). */
  reservations(): { readonly marketId: number; readonly ceiling: Exposure }[] {
    return [...this.reserved.entries()].map(([marketId, ceiling]) => ({ marketId, ceiling }));
  }
}
