/**
 * A tiny in-process venue for the engine-only benchmarks. It answers every order `filled` at
 * its limit price — at once (an already-resolved promise: no timer, no I/O), after `latencyMs`
 * on the shared clock, or, for markets the `park` predicate selects, never until
 * {@link BenchVenue.releaseParked} (the "slow legs" that keep executions live).
 */
import {
  notional,
  type Clock,
  type Micros,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Venue,
  type VenueAdapter
} from '../core/index.js';

/** Options of {@link BenchVenue}. */
export interface BenchVenueOptions {
  readonly venue: Venue;
  /** The engine's shared clock: placement times are read from it. */
  readonly clock: Clock;
  /** Answer delay on the clock, ms (default 0: an already-resolved promise). */
  readonly latencyMs?: number;
  /** Markets whose orders are parked (answered only by {@link BenchVenue.releaseParked}). */
  readonly park?: (marketId: number) => boolean;
}

const ZERO = 0 as Micros;

const filled = (o: OrderRequest | OrderRef, price: Micros): OrderOutcome => ({
  status: 'filled',
  clientOrderId: o.clientOrderId,
  filledQty: o.qty,
  notional: notional(o.qty, price),
  fee: ZERO
});

/** See the module comment. */
export class BenchVenue implements VenueAdapter {
  readonly venue: Venue;
  /** `clock.nowNs()` when `placeOrder` was last entered. */
  lastPlaceNs = 0;
  /** Number of `placeOrder` calls. */
  placed = 0;
  private readonly parked: (() => void)[] = [];

  constructor(private readonly o: BenchVenueOptions) {
    this.venue = o.venue;
  }

  /** Records the entry time, then answers per the options (see the module comment). */
  placeOrder(order: OrderRequest, signal: AbortSignal): Promise<OrderOutcome> {
    this.lastPlaceNs = this.o.clock.nowNs();
    this.placed++;
    const out = filled(order, order.limitPrice);
    if (this.o.park?.(order.market.marketId)) {
      return new Promise((resolve) => {
        const answer = () => resolve(out);
        this.parked.push(answer);
        signal.addEventListener('abort', answer, { once: true });
      });
    }
    const ms = this.o.latencyMs ?? 0;
    if (ms <= 0) return Promise.resolve(out);
    return new Promise((resolve) => this.o.clock.setTimeout(() => resolve(out), ms));
  }

  /** Never needed (every answer is terminal); answers `filled` like the placement. */
  lookupOrder(ref: OrderRef): Promise<OrderOutcome> {
    return Promise.resolve(filled(ref, ZERO));
  }

  /** Number of parked orders waiting. */
  parkedCount(): number {
    return this.parked.length;
  }

  /** Answers every parked order (`filled`), so their executions finish. */
  releaseParked(): void {
    for (const answer of this.parked.splice(0)) answer();
  }
}
