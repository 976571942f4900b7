/**
 * The Kalshi mock's recurring market lifecycle (the simulated venues' {@link MarketSchedule},
 * on the mock's wall clock from `originWallMs`): a ticker is `active` until its close time,
 * then `closed`, then `finalized` with a seeded `result`, then `active` again with a new
 * close time. At finalization the mock pays the position (cash credited at once, as Kalshi
 * does), clears it, and keeps a settlement record (`GET /portfolio/settlements`); it pays
 * lazily, at the next request after the finalization, dated at the finalization.
 */
import {
  addMicros,
  maxQty,
  negQty,
  settlementPayout,
  USD,
  ZERO_MICROS,
  ZERO_QTY,
  type Micros,
  type Qty
} from '../../../../core/index.js';
import {
  MarketSchedule,
  type CycleState,
  type MarketLifecycleOptions
} from '../../simulated/lifecycle.js';

/** The lifecycle option of the Kalshi mock. */
export interface KalshiMockLifecycle extends MarketLifecycleOptions {
  /** Wall ms of the schedule's time 0 (give both mocks the same one). */
  readonly originWallMs: number;
  /** Market id per ticker (the schedule's key: stagger and outcome). Others never close. */
  readonly marketIds: Readonly<Record<string, number>>;
  /** The lifecycle's wall clock, ms (default the mock's `now`, else `Date.now`). */
  readonly now?: () => number;
}

/** One settlement the mock paid (Kalshi `Settlement`). */
export interface MockSettlement {
  readonly ticker: string;
  readonly result: 'yes' | 'no';
  readonly yes: Qty;
  readonly no: Qty;
  /** What it paid into cash. */
  readonly revenue: Micros;
  readonly fee: Micros;
  readonly settledMs: number;
}

/** A ticker's state now, in Kalshi's terms. */
export interface MockMarketStatus {
  readonly status: 'active' | 'closed' | 'finalized';
  readonly result: '' | 'yes' | 'no';
  readonly closeMs: number;
  /** The YES payout once finalized. */
  readonly yesPayout: Micros | null;
}

/** See the module comment. */
export class KalshiMockLife {
  private readonly schedule: MarketSchedule;
  private lastMs: number;
  private readonly paid: MockSettlement[] = [];
  /** The lifecycle's clock (wall ms). */
  readonly now: () => number;

  constructor(
    private readonly o: KalshiMockLifecycle,
    fallbackNow: () => number = Date.now
  ) {
    this.schedule = new MarketSchedule(o);
    this.lastMs = o.originWallMs;
    this.now = o.now ?? fallbackNow;
  }

  private cycle(ticker: string, nowMs: number): CycleState | null {
    const id = this.o.marketIds[ticker];
    return id === undefined ? null : this.schedule.at(id, nowMs - this.o.originWallMs);
  }

  /** The ticker's state now; null when it has no lifecycle (never closes). */
  status(ticker: string): MockMarketStatus | null {
    const c = this.cycle(ticker, this.now());
    if (!c) return null;
    const closeMs = this.o.originWallMs + c.closeAtMs;
    if (c.phase === 'open') return { status: 'active', result: '', closeMs, yesPayout: null };
    if (c.phase === 'closed') return { status: 'closed', result: '', closeMs, yesPayout: null };
    const result = c.yesPayout === USD ? 'yes' : 'no';
    return { status: 'finalized', result, closeMs, yesPayout: c.yesPayout };
  }

  /** Whether the ticker takes orders now. */
  isOpen(ticker: string): boolean {
    const c = this.cycle(ticker, this.now());
    return c === null || c.phase === 'open';
  }

  /**
   * Pays every position whose market finalized since the last call: returns the cash to
   * credit; `positions` is updated in place (paid positions removed).
   */
  catchUp(positions: Map<string, Qty>): Micros {
    const nowMs = this.now();
    if (nowMs <= this.lastMs) return ZERO_MICROS;
    const from = this.lastMs - this.o.originWallMs;
    this.lastMs = nowMs;
    let credit = ZERO_MICROS;
    for (const [ticker, net] of [...positions]) {
      const id = this.o.marketIds[ticker];
      if (id === undefined || net === 0) continue;
      const r = this.schedule.firstResolution(id, from, nowMs - this.o.originWallMs);
      if (!r) continue;
      const yes = maxQty(ZERO_QTY, net);
      const no = maxQty(ZERO_QTY, negQty(net));
      const revenue = settlementPayout({ yes, no }, r.yesPayout);
      positions.delete(ticker);
      credit = addMicros(credit, revenue);
      this.paid.push({
        ticker,
        result: r.yesPayout === USD ? 'yes' : 'no',
        yes,
        no,
        revenue,
        fee: ZERO_MICROS,
        settledMs: this.o.originWallMs + r.resolveAtMs
      });
    }
    return credit;
  }

  /** Settlements paid, oldest first. */
  settlements(): readonly MockSettlement[] {
    return [...this.paid];
  }
}
