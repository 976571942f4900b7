/**
 * Turns a venue's resolution of a market into a recorded settlement: the contracts held there
 * are paid and closed (see `settlementFills.ts`), the breaker's limits free up, the P&L is
 * realized. A resolution waits while an execution runs on the market (its fills are not all
 * known) and, where the venue reports what it paid (Kalshi `GET /portfolio/settlements`),
 * until the venue's record exists; it is tried again on every {@link Settler.retry}.
 */
import {
  formatQty,
  addQty,
  formatUsd,
  heldBy,
  ZERO_MICROS,
  type Clock,
  type FillRecord,
  type Logger,
  type MarketPair,
  type Micros,
  type Venue,
  type VenueHoldings,
  type VenueMarketState
} from '../../core/index.js';
import { planSettlement, type SettlementPlan } from './settlementFills.js';

/** What the venue says it paid for the resolution of the cycle closing at `closeWallMs` (null: no record yet). */
export type VenuePaid = (
  market: MarketPair,
  venue: Venue,
  closeWallMs: number
) => Promise<{ readonly revenue: Micros; readonly fee: Micros } | null>;

/** The ports a {@link Settler} works through. */
export interface SettlerOptions {
  readonly clock: Clock;
  readonly log: Logger;
  /** The market's holdings per venue now (the breaker's, folded from the ledger's fills). */
  readonly holdings: (marketId: number) => VenueHoldings;
  /** Whether an execution runs on the market now. */
  readonly inFlight: (marketId: number) => boolean;
  /** Stores the settlement and its fills durably; false when already stored. */
  readonly record: (plan: SettlementPlan) => boolean;
  /** Applies one closing fill to the live books (breaker, position book, metrics). */
  readonly apply: (fill: FillRecord) => void;
  /** Winnings are redeemed by the venue itself (paper venues): nothing awaits redemption. */
  readonly autoRedeem?: boolean;
  /** The venue's own record of what it paid, for venues that report it. */
  readonly venuePaid?: Partial<Record<Venue, VenuePaid>>;
}

interface Pending {
  readonly market: MarketPair;
  readonly state: VenueMarketState;
}

/** Settles resolutions as they are reported (see the module comment). */
export class Settler {
  private readonly pending = new Map<string, Pending>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly o: SettlerOptions) {}

  /** A venue resolved a market: settle it now, or as soon as it can be. */
  onResolved(market: MarketPair, state: VenueMarketState): void {
    if (state.phase !== 'resolved' || state.yesPayout === null) return;
    this.pending.set(`${market.marketId}:${state.venue}:${state.closeWallMs ?? 0}`, {
      market,
      state
    });
    void this.retry();
  }

  /** Resolutions not settled yet. */
  waiting(): number {
    return this.pending.size;
  }

  /** Tries every waiting resolution once, after any pass already under way. */
  retry(): Promise<void> {
    this.chain = this.chain.then(() => this.pass());
    return this.chain;
  }

  private async pass(): Promise<void> {
    for (const [key, p] of [...this.pending]) {
      if (await this.settle(p)) this.pending.delete(key);
    }
  }

  private async settle({ market, state }: Pending): Promise<boolean> {
    const id = market.marketId;
    if (this.o.inFlight(id) || state.yesPayout === null) return false;
    // a venue lists settlements only of markets it held: nothing held, nothing to wait for
    const h = this.o.holdings(id);
    const held = addQty(heldBy(h, state.venue, 'yes'), heldBy(h, state.venue, 'no'));
    const paid = held > 0 ? this.o.venuePaid?.[state.venue] : undefined;
    let fee = ZERO_MICROS;
    let revenue: Micros | null = null;
    if (paid) {
      try {
        const r = await paid(market, state.venue, state.closeWallMs ?? 0);
        if (!r) return false;
        fee = r.fee;
        revenue = r.revenue;
      } catch (err) {
        this.o.log.warn({ err, marketId: id, venue: state.venue }, '[LIFE] settlement read failed');
        return false;
      }
      if (this.o.inFlight(id)) return false;
    }
    const plan = planSettlement({
      market,
      venue: state.venue,
      closeWallMs: state.closeWallMs ?? 0,
      yesPayout: state.yesPayout,
      holdings: this.o.holdings(id),
      fee,
      redeemed: state.venue === 'kalshi' || this.o.autoRedeem === true,
      clock: this.o.clock
    });
    if (!this.o.record(plan)) return true;
    for (const f of plan.fills) this.o.apply(f);
    this.announce(plan, revenue);
    return true;
  }

  private announce({ settlement: s }: SettlementPlan, revenue: Micros | null): void {
    const fields = {
      marketId: s.marketId,
      venue: s.venue,
      payout: s.payout,
      contracts: s.contracts
    };
    const what = `${formatQty(s.contracts)} contracts, ${formatUsd(s.payout)}`;
    if (s.contracts === 0)
      this.o.log.debug(fields, `[LIFE] market ${s.marketId} resolved on ${s.venue}: nothing held`);
    else if (s.redeemed)
      this.o.log.info(fields, `[LIFE] market ${s.marketId} settled on ${s.venue}: ${what} paid`);
    else
      this.o.log.warn(
        fields,
        `[LIFE] market ${s.marketId} resolved on ${s.venue}: ${what} awaiting redemption (redeem the winning tokens on chain)`
      );
    if (revenue !== null && revenue !== s.payout)
      this.o.log.warn(
        { ...fields, venueRevenue: revenue },
        `[LIFE] ⚠️ market ${s.marketId}: ${s.venue} paid ${formatUsd(revenue)}, the ledger's positions expected ${formatUsd(s.payout)}: reconcile`
      );
  }
}
