/**
 * The venue reconciliation loop: at start and every `intervalMs`, reads what each venue holds
 * of the configured markets, compares it with the ledger's holdings (core/reconcile.ts) and
 * holds every market whose positions disagree (a `reconciliation` hold: no new entries on it,
 * logged once by the trading watch with both numbers). A hold is lifted when the difference
 * disappears, or while it equals an acknowledged offset (`twinleg reconcile --ack`). A market
 * with an execution in flight during the read is skipped; a venue whose read failed is
 * unknown: nothing is compared on it and no hold is lifted on partial evidence.
 */
import {
  formatQty,
  NO_HOLDINGS,
  type Clock,
  type Logger,
  type Qty,
  type TimerHandle,
  type VenueHoldings
} from '../../core/index.js';
import {
  differenceCounts,
  reconcileMarkets,
  sameOffset,
  type MarketReconciliation,
  type ReconcileLine,
  type ReportedHoldings
} from '../../core/reconcile.js';
import type { TradingHold } from '../tradingState/index.js';

/** The venue reads (each throws when its read fails). */
export interface HoldingsReads {
  /** Kalshi signed nets by market id (a market absent from a good read holds 0). */
  readonly kalshi?: () => Promise<ReadonlyMap<number, Qty>>;
  /** Polymarket YES/NO token balances by market id. */
  readonly polymarket?: () => Promise<ReadonlyMap<number, { yes: Qty; no: Qty }>>;
}

/** Options of {@link Reconciler}. */
export interface ReconcilerOptions {
  readonly clock: Clock;
  readonly log: Logger;
  readonly marketIds: readonly number[];
  /** The ledger's holdings of a market now (the breaker's, replayed from the ledger). */
  readonly ledger: (marketId: number) => VenueHoldings | null;
  readonly inFlight: (marketId: number) => boolean;
  /**
   * True for a market resolved in the ledger and not yet redeemed: not compared (the venue
   * may hold its tokens until they are redeemed on chain), and any hold on it is lifted.
   */
  readonly resolved?: (marketId: number) => boolean;
  readonly reads: HoldingsReads;
  /** Acknowledged offsets (`venue − ledger`) by market, re-read every pass. */
  readonly acks?: () => ReadonlyMap<number, VenueHoldings>;
  /** Between passes, ms (0: the start pass only). */
  readonly intervalMs: number;
  /** Called after a pass that changed the holds (the trading watch's `poke`). */
  readonly onChange?: () => void;
}

const signed = (q: Qty): string => (q > 0 ? `+${formatQty(q)}` : formatQty(q));

/** `kalshi net: ledger +10 vs venue 0 (−10)` for a differing line. */
function describeLine(l: ReconcileLine): string {
  const v =
    l.venueQty === null ? '?' : l.side === 'net' ? signed(l.venueQty) : formatQty(l.venueQty);
  const g = l.side === 'net' ? signed(l.ledger) : formatQty(l.ledger);
  return `${l.venue} ${l.side}: ledger ${g} vs venue ${v} (${signed(l.difference ?? (0 as Qty))})`;
}

/** The hold's detail: every differing slot with both numbers. */
export function describeDifference(m: MarketReconciliation): string {
  const lines = m.lines.filter((l) => l.difference !== null && l.difference !== 0);
  return `ledger and venue positions differ: ${lines.map(describeLine).join('; ')}`;
}

/** Runs the reconciliation passes and keeps the holds they place. */
export class Reconciler {
  private readonly holdsBy = new Map<number, TradingHold>();
  private last: readonly MarketReconciliation[] = [];
  private timer: TimerHandle;
  private running = false;
  private closed = false;
  private passes = 0;
  private current: Promise<readonly MarketReconciliation[]> | null = null;

  constructor(private readonly o: ReconcilerOptions) {}

  /** Runs the start pass; then one every `intervalMs` (after the previous one finished). */
  async start(): Promise<void> {
    this.running = true;
    await this.pass();
  }

  /**
   * One comparison now; resolves with its result (also kept for {@link lastResult}). A call
   * while a pass runs joins that pass.
   */
  pass(): Promise<readonly MarketReconciliation[]> {
    this.current ??= this.compare().finally(() => {
      this.current = null;
      this.passes += 1;
      this.schedule();
    });
    return this.current;
  }

  /** The reconciliation holds now. */
  holds(): TradingHold[] {
    return [...this.holdsBy.values()];
  }

  /** The last pass's comparison. */
  lastResult(): readonly MarketReconciliation[] {
    return this.last;
  }

  /** Differing positions per venue at the last pass. */
  differences(): { kalshi: number; polymarket: number } {
    return differenceCounts(this.last);
  }

  /** Passes run so far. */
  passCount(): number {
    return this.passes;
  }

  /** Stops the timer. */
  close(): void {
    this.closed = true;
    this.o.clock.clearTimeout(this.timer);
  }

  private schedule(): void {
    if (!this.running || this.closed || this.o.intervalMs <= 0) return;
    this.o.clock.clearTimeout(this.timer);
    this.timer = this.o.clock.setTimeout(() => {
      this.pass().catch((err: unknown) => this.o.log.error({ err }, 'reconcile: pass failed'));
    }, this.o.intervalMs);
  }

  private async readAll(): Promise<{
    kalshi: ReadonlyMap<number, Qty> | null;
    poly: ReadonlyMap<number, { yes: Qty; no: Qty }> | null;
  }> {
    const one = async <T>(venue: string, f: (() => Promise<T>) | undefined): Promise<T | null> => {
      if (!f) return null;
      try {
        return await f();
      } catch (err) {
        this.o.log.warn({ err, venue }, `reconcile: ${venue} positions unreadable (unknown)`);
        return null;
      }
    };
    const [kalshi, poly] = await Promise.all([
      one('kalshi', this.o.reads.kalshi),
      one('polymarket', this.o.reads.polymarket)
    ]);
    return { kalshi, poly };
  }

  private async compare(): Promise<readonly MarketReconciliation[]> {
    const ids = this.o.marketIds;
    const ledgerOf = (id: number): VenueHoldings => this.o.ledger(id) ?? NO_HOLDINGS;
    const before = new Map(ids.map((id) => [id, { h: ledgerOf(id), busy: this.o.inFlight(id) }]));
    const { kalshi, poly } = await this.readAll();
    // moved while the venues were read: its fills are not all on one side yet
    const moved = (id: number): boolean => {
      const b = before.get(id);
      return !b || b.busy || this.o.inFlight(id) || !sameOffset(b.h, ledgerOf(id));
    };
    const reported = (id: number): ReportedHoldings => ({
      kalshiNet: kalshi ? (kalshi.get(id) ?? (0 as Qty)) : null,
      poly: poly ? (poly.get(id) ?? { yes: 0 as Qty, no: 0 as Qty }) : null
    });
    const result = reconcileMarkets({
      marketIds: ids,
      ledger: (id) => before.get(id)?.h,
      reported,
      inFlight: moved,
      ...(this.o.resolved ? { resolved: this.o.resolved } : {})
    });
    this.last = result;
    this.update(result, kalshi !== null && poly !== null);
    return result;
  }

  private update(result: readonly MarketReconciliation[], complete: boolean): void {
    const acks = this.o.acks?.() ?? new Map<number, VenueHoldings>();
    let changed = false;
    for (const m of result) {
      if (m.skipped === 'resolved' && this.holdsBy.delete(m.marketId)) changed = true;
      if (m.skipped) continue;
      const acked = acks.get(m.marketId);
      const held = m.differs && !(acked && sameOffset(acked, m.offset));
      const prev = this.holdsBy.get(m.marketId);
      if (held) {
        const detail = describeDifference(m);
        if (prev?.detail === detail) continue;
        this.holdsBy.set(m.marketId, { kind: 'reconciliation', marketId: m.marketId, detail });
        changed = true;
      } else if (prev && (complete || acked)) {
        this.holdsBy.delete(m.marketId);
        changed = true;
        if (acked && m.differs)
          this.o.log.info(
            { marketId: m.marketId },
            `reconcile: market ${m.marketId} difference acknowledged`
          );
      }
    }
    if (changed) this.o.onChange?.();
  }
}
