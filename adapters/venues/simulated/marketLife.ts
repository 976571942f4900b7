/**
 * A simulated venue's side of the market lifecycle: what it answers for a market's state, and
 * the payouts it makes. At each resolution the venue pays what it holds of the market and
 * clears it (Kalshi credits the cash at once; the simulated Polymarket redeems the winning
 * tokens automatically at resolution, as a paper run would right after it) and keeps a record
 * of each payment ({@link SimSettlement}, Kalshi's `GET /portfolio/settlements`). Payouts are
 * made lazily, at the venue's next use after a resolution, but dated at the resolution: the
 * holdings only change through the venue, which catches up before every change or read.
 * @packageDocumentation
 */
import {
  addQty,
  maxQty,
  negQty,
  settlementPayout,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty,
  type Venue,
  type VenueMarketState
} from '../../../core/index.js';
import type { MarketSchedule } from './lifecycle.js';
import type { Positions } from './positions.js';

/** One payout the simulated venue made at a market's resolution. */
export interface SimSettlement {
  readonly marketId: number;
  readonly cycle: number;
  /** The cycle's close time (wall ms): the same on both venues' market states. */
  readonly closeWallMs: number;
  /** Payout of one YES contract ($1 or 0). */
  readonly yesPayout: Micros;
  /** Contracts held of each side at the resolution. */
  readonly yes: Qty;
  readonly no: Qty;
  /** What it paid (Σ contracts × their payout) and the settlement fee (0 in the simulation). */
  readonly revenue: Micros;
  readonly fee: Micros;
  /** When it was paid: the resolution (venue ms, and wall ms). */
  readonly settledAtMs: number;
  readonly settledWallMs: number;
}

/** What the venue says it paid for a resolution (Kalshi settlement revenue and fee). */
export interface SimPaid {
  readonly revenue: Micros;
  readonly fee: Micros;
}

/** The lifecycle of every market on one simulated venue (see the module comment). */
export class MarketLife {
  private lastMs = 0;
  private readonly paid: SimSettlement[] = [];

  /** `wallAnchorMs`: wall ms of venue time 0 (wall = anchor + venue ms). */
  constructor(
    private readonly venue: Venue,
    private readonly schedule: MarketSchedule,
    private readonly positions: Positions,
    private readonly wallAnchorMs: number
  ) {}

  /** Pays and clears every holding whose market resolved since the last catch-up. */
  catchUp(nowMs: number): void {
    if (nowMs <= this.lastMs) return;
    for (const id of this.positions.markets()) {
      const r = this.schedule.firstResolution(id, this.lastMs, nowMs);
      if (r) this.pay(id, r.cycle, r.closeAtMs, r.resolveAtMs, r.yesPayout);
    }
    this.lastMs = nowMs;
  }

  /** Whether a market takes orders now. */
  isOpen(marketId: number, nowMs: number): boolean {
    return this.schedule.at(marketId, nowMs).phase === 'open';
  }

  /** The market's state now, as core's {@link VenueMarketState}. */
  state(marketId: number, nowMs: number): VenueMarketState {
    const s = this.schedule.at(marketId, nowMs);
    return {
      venue: this.venue,
      phase: s.phase,
      closeWallMs: this.wallAnchorMs + s.closeAtMs,
      yesPayout: s.phase === 'resolved' ? s.yesPayout : null
    };
  }

  /** Every payout made so far, in order. */
  settlements(): readonly SimSettlement[] {
    return [...this.paid];
  }

  /**
   * What the venue paid for the market's cycle closing at `closeWallMs` (default: the last
   * cycle resolved by now): its settlement, zero when it held nothing then, null while that
   * cycle has not resolved (or never existed).
   */
  paidFor(marketId: number, nowMs: number, closeWallMs?: number): SimPaid | null {
    this.catchUp(nowMs);
    const now = this.schedule.at(marketId, nowMs);
    const cycle =
      closeWallMs === undefined
        ? now.phase === 'resolved'
          ? now.cycle
          : now.cycle - 1
        : this.cycleClosingAt(marketId, closeWallMs - this.wallAnchorMs);
    if (cycle === null || cycle < 0) return null;
    const resolveAt = this.schedule.closeAtMs(marketId, cycle) + this.schedule.closedMs;
    if (resolveAt > nowMs) return null;
    const s = this.paid.find((p) => p.marketId === marketId && p.cycle === cycle);
    return s ? { revenue: s.revenue, fee: s.fee } : { revenue: ZERO_MICROS, fee: ZERO_MICROS };
  }

  private cycleClosingAt(marketId: number, closeAtMs: number): number | null {
    const c = this.schedule.at(marketId, closeAtMs - 1).cycle;
    return this.schedule.closeAtMs(marketId, c) === closeAtMs ? c : null;
  }

  private pay(id: number, cycle: number, closeAtMs: number, atMs: number, yesPayout: Micros): void {
    const h = this.positions.holdings(id);
    const yes =
      this.venue === 'kalshi' ? maxQty(ZERO_QTY, h.kalshiNet) : maxQty(ZERO_QTY, h.polyYes);
    const no =
      this.venue === 'kalshi' ? maxQty(ZERO_QTY, negQty(h.kalshiNet)) : maxQty(ZERO_QTY, h.polyNo);
    this.positions.clear(id);
    if (addQty(yes, no) === 0) return;
    this.paid.push({
      marketId: id,
      cycle,
      closeWallMs: this.wallAnchorMs + closeAtMs,
      yesPayout,
      yes,
      no,
      revenue: settlementPayout({ yes, no }, yesPayout),
      fee: ZERO_MICROS,
      settledAtMs: atMs,
      settledWallMs: this.wallAnchorMs + atMs
    });
  }
}
