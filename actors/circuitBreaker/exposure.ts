/**
 * Positions as the breaker sees them, derived only from the fills it receives through the
 * venue holdings model of core (Kalshi nets per market, Polymarket tokens per side), plus the
 * capacity reserved by executions that were assessed but have not reported their result yet.
 */
import {
  addMicros,
  addQty,
  applyCostedFill,
  basisOf,
  heldSides,
  isFlat,
  maxMicros,
  maxQty,
  notional,
  NO_COSTED_HOLDINGS,
  NO_HOLDINGS,
  quantitiesOf,
  subMicros,
  type CostedHoldings,
  type CostedStep,
  type FillRecord,
  type Micros,
  type Qty,
  type VenueHoldings,
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

/**
 * The P&L a fill realizes at once for the breaker's day, or null when it realizes nothing:
 * a sell's step (proceeds − basis) less its fee; a Kalshi buy that netted pairs, their $1
 * less both contracts' cost (its fee is an entry fee, settled with the execution's result).
 */
export function fillPnl(f: Pick<FillRecord, 'action' | 'fee'>, step: CostedStep): Micros | null {
  if (f.action === 'sell') return subMicros(step.realized, f.fee);
  return step.netted > 0 ? step.realized : null;
}

/** Contracts a market's exposure counts for: the larger side (a hedged pair counts once). */
export function contractsOf(e: Exposure): Qty {
  return maxQty(e.yes, e.no);
}

/**
 * A market's holdings as the venues hold them (Kalshi net, Polymarket tokens per side) with
 * their cost basis: the core model ({@link CostedHoldings}), never a copy of its netting.
 */
export type Holding = CostedHoldings;

/** The fill fields the book needs (a `FillRecord`, or a ledger fill with `platform` set). */
export type BookFill = Pick<
  FillRecord,
  'marketId' | 'platform' | 'side' | 'action' | 'contracts' | 'notional'
>;

const EMPTY: Exposure = { yes: ZERO_QTY, no: ZERO_QTY, cost: ZERO_MICROS };

/** Exposure summed over every market. */
export interface ExposureTotals {
  readonly contracts: Qty;
  readonly cost: Micros;
}

/**
 * The breaker's position book, per market the way the venues hold it: a Kalshi buy of the
 * side opposite its net nets at once (the pairs pay $1 and realize P&L), a Polymarket token
 * is held until sold. Limits count the contracts really held per side across venues. A
 * reservation is a ceiling (`held at assess + granted pair count`); while it stands the
 * market counts as `max(held, ceiling)` per component, so the fills of the running execution
 * are never counted twice and never escape the limits.
 */
export class ExposureBook {
  private readonly held = new Map<number, Holding>();
  private readonly reserved = new Map<number, Exposure>();
  /** Bumped by every change, so {@link totals} is summed once per change, not per call. */
  private version = 0;
  private totalsCache: { version: number; value: ExposureTotals } | null = null;

  /**
   * Applies one fill; returns what it did (the core model's step): the P&L it realized
   * before fees (a sale's proceeds or netted pairs' $1, less the basis removed), the basis
   * removed and the pairs Kalshi netted.
   */
  applyFill(f: BookFill): CostedStep {
    this.version += 1;
    const h = this.held.get(f.marketId) ?? NO_COSTED_HOLDINGS;
    const step = applyCostedFill(h, {
      venue: f.platform,
      side: f.side,
      action: f.action,
      contracts: f.contracts,
      notional: f.notional
    });
    if (isFlat(step.holdings) && basisOf(step.holdings) === 0) this.held.delete(f.marketId);
    else this.held.set(f.marketId, step.holdings);
    return step;
  }

  /** Holdings and cost of every market, ascending id (for persistence). */
  holdings(): { readonly marketId: number; readonly holding: Holding }[] {
    return [...this.held.entries()]
      .sort(([a], [b]) => a - b)
      .map(([marketId, holding]) => ({ marketId, holding }));
  }

  /** Replaces all holdings (restoring a snapshot); reservations are dropped. */
  restoreHoldings(list: readonly { readonly marketId: number; readonly holding: Holding }[]): void {
    this.version += 1;
    this.held.clear();
    this.reserved.clear();
    for (const { marketId, holding } of list) {
      if (!isFlat(holding)) this.held.set(marketId, { ...holding });
    }
  }

  /** Drops a market's holdings (resolved and paid out, or flattened outside the engine). */
  settle(marketId: number): void {
    if (this.held.delete(marketId)) this.version += 1;
  }

  /** What the venues hold of a market (quantities), as far as the fills tell. */
  venueHoldings(marketId: number): VenueHoldings {
    const h = this.held.get(marketId);
    return h ? quantitiesOf(h) : NO_HOLDINGS;
  }

  /** What a market holds now, ignoring reservations. */
  heldOf(marketId: number): Exposure {
    const h = this.held.get(marketId);
    if (!h) return EMPTY;
    const { yes, no } = heldSides(h);
    return { yes, no, cost: basisOf(h) };
  }

  /** Reserves `qty` pairs at `pairCost` per contract for the execution about to run. */
  reserve(marketId: number, qty: Qty, pairCost: Micros): void {
    this.version += 1;
    const h = this.heldOf(marketId);
    this.reserved.set(marketId, {
      yes: addQty(h.yes, qty),
      no: addQty(h.no, qty),
      cost: addMicros(h.cost, notional(qty, pairCost, 'ceil'))
    });
  }

  /** Ends a market's reservation (its execution reported a result). */
  release(marketId: number): void {
    if (this.reserved.delete(marketId)) this.version += 1;
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
  totals(): ExposureTotals {
    const c = this.totalsCache;
    if (c?.version === this.version) return c.value;
    const value = this.sumTotals();
    this.totalsCache = { version: this.version, value };
    return value;
  }

  private sumTotals(): ExposureTotals {
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
