import {
  addQty,
  applyHoldingFill,
  heldBy,
  kalshiDelta,
  kalshiReduced,
  minQty,
  NO_HOLDINGS,
  signedQty,
  subQty,
  sumQty,
  ZERO_QTY,
  type Qty,
  type Side,
  type VenueHoldings
} from '../../../core/index.js';

interface Lot {
  qty: Qty;
  readonly atMs: number;
}

const key = (marketId: number, side: Side): string => `${marketId}:${side}`;

/**
 * Holdings per market the way the simulated venue keeps them (core's venue model):
 *
 * - `netting` (Kalshi): one signed net per market (> 0 YES, < 0 NO); a buy of the side
 *   opposite the net nets against it at once, each netted pair paying $1 (counted in
 *   {@link netted}); only the side of the net can be sold.
 * - otherwise (Polymarket): YES and NO tokens per market, kept as lots in buy order so that
 *   the settlement lag can be modelled: a lot bought at `atMs` can be sold from
 *   `atMs + lagMs` on. Sells consume the oldest lots first.
 */
export class Positions {
  private readonly lots = new Map<string, Lot[]>();
  private readonly net = new Map<number, Qty>();
  private readonly nettedPairs = new Map<number, Qty>();

  /** `netting`: Kalshi's one signed net per market (see the class doc). */
  constructor(private readonly netting = false) {}

  /** Adds a bought quantity (Kalshi: nets against the opposite side first). */
  add(marketId: number, side: Side, qty: Qty, atMs: number): void {
    if (qty <= 0) return;
    if (this.netting) return this.move(marketId, { side, action: 'buy', contracts: qty });
    const k = key(marketId, side);
    const list = this.lots.get(k) ?? [];
    list.push({ qty, atMs });
    this.lots.set(k, list);
  }

  /** Replaces the holding with `qty` of `side`, settled (Kalshi: the net becomes `±qty`). */
  set(marketId: number, side: Side, qty: Qty): void {
    if (this.netting) {
      this.net.set(marketId, signedQty(side, qty));
      return;
    }
    this.lots.set(key(marketId, side), qty > 0 ? [{ qty, atMs: Number.NEGATIVE_INFINITY }] : []);
  }

  /** Clears everything held of a market (its resolution paid it). */
  clear(marketId: number): void {
    this.net.delete(marketId);
    this.lots.delete(key(marketId, 'yes'));
    this.lots.delete(key(marketId, 'no'));
  }

  /** Contracts held of `side` (Kalshi: the net's side only). */
  held(marketId: number, side: Side): Qty {
    if (this.netting) return heldBy(this.holdings(marketId), 'kalshi', side);
    return sumQty(...(this.lots.get(key(marketId, side)) ?? []).map((l) => l.qty));
  }

  /** Contracts held that were bought at least `lagMs` before `nowMs` (sellable). */
  settled(marketId: number, side: Side, nowMs: number, lagMs: number): Qty {
    if (this.netting) return this.held(marketId, side);
    return sumQty(
      ...(this.lots.get(key(marketId, side)) ?? [])
        .filter((l) => l.atMs + lagMs <= nowMs)
        .map((l) => l.qty)
    );
  }

  /** Removes `qty` sold, oldest lots first (never below zero). */
  remove(marketId: number, side: Side, qty: Qty): void {
    if (this.netting) {
      const q = minQty(qty, this.held(marketId, side));
      return this.move(marketId, { side, action: 'sell', contracts: q });
    }
    const list = this.lots.get(key(marketId, side)) ?? [];
    let left = qty;
    while (left > 0 && list.length > 0) {
      const first = list[0]!;
      const q = minQty(left, first.qty);
      first.qty = subQty(first.qty, q);
      left = subQty(left, q);
      if (first.qty === 0) list.shift();
    }
  }

  /**
   * What this venue holds of a market, in core's shape (the other venue's fields are 0, so
   * the two venues' holdings add up field by field to the market's).
   */
  holdings(marketId: number): VenueHoldings {
    if (this.netting) return { ...NO_HOLDINGS, kalshiNet: this.net.get(marketId) ?? ZERO_QTY };
    return {
      ...NO_HOLDINGS,
      polyYes: this.held(marketId, 'yes'),
      polyNo: this.held(marketId, 'no')
    };
  }

  /** Pairs netted so far in a market (Kalshi; each paid $1). */
  netted(marketId: number): Qty {
    return this.nettedPairs.get(marketId) ?? ZERO_QTY;
  }

  /** Markets with anything held, ascending id. */
  markets(): number[] {
    const ids = new Set<number>();
    for (const [id, q] of this.net) if (q !== 0) ids.add(id);
    for (const [k, list] of this.lots) {
      if (list.some((l) => l.qty > 0)) ids.add(Number(k.split(':')[0]));
    }
    return [...ids].sort((a, b) => a - b);
  }

  private move(marketId: number, f: { side: Side; action: 'buy' | 'sell'; contracts: Qty }): void {
    const net = this.net.get(marketId) ?? ZERO_QTY;
    const fill = { venue: 'kalshi' as const, ...f };
    if (f.action === 'buy') {
      const pairs = kalshiReduced(net, kalshiDelta(fill));
      if (pairs > 0) this.nettedPairs.set(marketId, addQty(this.netted(marketId), pairs));
    }
    const after = applyHoldingFill({ ...NO_HOLDINGS, kalshiNet: net }, fill).kalshiNet;
    this.net.set(marketId, after);
  }
}
