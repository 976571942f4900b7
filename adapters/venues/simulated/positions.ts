import { minQty, subQty, sumQty, type Qty, type Side } from '../../../core/index.js';

interface Lot {
  qty: Qty;
  readonly atMs: number;
}

const key = (marketId: number, side: Side): string => `${marketId}:${side}`;

/**
 * Holdings per (marketId, side) built from the venue's own fills, kept as lots in buy order so
 * that Polymarket's settlement lag can be modelled: a lot bought at `atMs` can be sold from
 * `atMs + lagMs` on. Sells consume the oldest lots first.
 */
export class Positions {
  private readonly lots = new Map<string, Lot[]>();

  /** Adds a bought lot. */
  add(marketId: number, side: Side, qty: Qty, atMs: number): void {
    if (qty <= 0) return;
    const k = key(marketId, side);
    const list = this.lots.get(k) ?? [];
    list.push({ qty, atMs });
    this.lots.set(k, list);
  }

  /** Replaces the holding with one settled lot of `qty` (test and simulation setup). */
  set(marketId: number, side: Side, qty: Qty): void {
    this.lots.set(key(marketId, side), qty > 0 ? [{ qty, atMs: Number.NEGATIVE_INFINITY }] : []);
  }

  /** Contracts held. */
  held(marketId: number, side: Side): Qty {
    return sumQty(...(this.lots.get(key(marketId, side)) ?? []).map((l) => l.qty));
  }

  /** Contracts held that were bought at least `lagMs` before `nowMs` (sellable). */
  settled(marketId: number, side: Side, nowMs: number, lagMs: number): Qty {
    return sumQty(
      ...(this.lots.get(key(marketId, side)) ?? [])
        .filter((l) => l.atMs + lagMs <= nowMs)
        .map((l) => l.qty)
    );
  }

  /** Removes `qty` sold, oldest lots first (never below zero). */
  remove(marketId: number, side: Side, qty: Qty): void {
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
}
