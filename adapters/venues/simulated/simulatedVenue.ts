import {
  TwinlegError,
  type Clock,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Qty,
  type Side,
  type TimerHandle,
  type Venue,
  type VenueAdapter,
  type VenueHoldings,
  type VenueMarketState
} from '../../../core/index.js';
import { MarketSchedule } from './lifecycle.js';
import type { SimPaid, SimSettlement } from './marketLife.js';
import { Random } from '../../random.js';
import { SimExchange } from './exchange.js';
import { emptyOutcome, rejected } from './outcomes.js';
import { drawFault, ScriptQueue } from './scripts.js';
import type {
  BookInput,
  BookSnapshot,
  ScriptRule,
  SimFaults,
  SimFill,
  SimOrderView,
  SimulatedVenueOptions
} from './types.js';
import type { VenueRecord } from './wire.js';

/**
 * A simulated Kalshi or Polymarket: paper trading and the test double of every engine test.
 *
 * Timing model: a placement's round trip (drawn from `latencyMs`, or a scripted `latency`) is
 * split in two; the order reaches the venue after the first half (`floor(L/2)`) and the
 * answer arrives after the second, both on `clock` timers (0 ms is still asynchronous, so a
 * ManualClock controls everything). Aborting the signal:
 * - before the order reached the venue: it is never placed → `rejected`, rejectKind `other`,
 *   reason `aborted before send` (provably nothing happened);
 * - after it reached the venue: the answer is lost → `unknown` (`aborted after send`, or
 *   `timeout` for a scripted `hang`); a lookup tells the truth.
 * Lookups answer after one latency draw, with the venue's state at answer time.
 */
export class SimulatedVenue implements VenueAdapter {
  /** Which venue this simulates. */
  readonly venue: Venue;
  private readonly clock: Clock;
  private readonly exchange: SimExchange;
  private readonly scripts = new ScriptQueue();
  private readonly latencyRng: Random;
  private readonly faultRng: Random;
  private readonly latency: { readonly min: number; readonly max: number };
  private readonly faults: SimFaults;
  private placementCount = 0;
  private lookupCount = 0;

  constructor(opts: SimulatedVenueOptions) {
    const seed = opts.seed ?? 1;
    this.venue = opts.venue;
    this.clock = opts.clock;
    this.latency = opts.latencyMs ?? { min: 0, max: 0 };
    const { min, max } = this.latency;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) {
      throw new TwinlegError(
        'invalid_config',
        `latencyMs must be integers 0 ≤ min ≤ max, got ${min}..${max}`
      );
    }
    this.faults = opts.faults ?? {};
    const root = new Random(seed);
    this.latencyRng = root.fork(1);
    this.faultRng = root.fork(2);
    this.exchange = new SimExchange({
      venue: opts.venue,
      clock: opts.clock,
      seed,
      settlementLagMs: opts.venue === 'polymarket' ? (opts.settlementLagMs ?? 0) : 0,
      lookupNullMs: opts.lookupNullMs ?? 0,
      ...(opts.lifecycle ? { schedule: new MarketSchedule(opts.lifecycle) } : {})
    });
  }

  /**
   * The market's state on this venue now, as core's `VenueMarketState` (the paper run's
   * `MarketStateRead`). Without a lifecycle every market is open for ever (no close time).
   */
  marketState(marketId: number): VenueMarketState {
    const life = this.exchange.life;
    if (!life) return { venue: this.venue, phase: 'open', closeWallMs: null, yesPayout: null };
    return life.state(marketId, this.exchange.nowMs());
  }

  /**
   * What the venue paid at the market's resolution of the cycle closing at `closeWallMs`
   * (default: the last cycle resolved by now) — Kalshi's settlement record, for the settler's
   * `venuePaid`: revenue and fee, zero when nothing was held, null while that cycle has not
   * resolved (always null without a lifecycle).
   */
  settlementPaid(marketId: number, closeWallMs?: number): SimPaid | null {
    return this.exchange.life?.paidFor(marketId, this.exchange.nowMs(), closeWallMs) ?? null;
  }

  /** Every payout made at a resolution so far (Kalshi: its settlements), in order. */
  settlements(): readonly SimSettlement[] {
    this.catchUp();
    return this.exchange.life?.settlements() ?? [];
  }

  private catchUp(): void {
    this.exchange.life?.catchUp(this.exchange.nowMs());
  }

  /** Replaces the book of (marketId, side). */
  setBook(marketId: number, side: Side, book: BookInput): void {
    this.exchange.books.set(marketId, side, book);
  }

  /** A copy of the book of (marketId, side), best levels first. */
  book(marketId: number, side: Side): BookSnapshot {
    return this.exchange.books.get(marketId, side);
  }

  /** Queues a scripted behaviour for the next matching order(s). */
  script(rule: ScriptRule): void {
    this.scripts.push(rule);
  }

  /** Scripted rules not consumed yet. */
  pendingScripts(): number {
    return this.scripts.size();
  }

  /**
   * Sets a holding directly (settled, so sellable at once). For test and simulation setup.
   * Kalshi keeps one signed net per market: this replaces it with `qty` of `side`.
   */
  setPosition(marketId: number, side: Side, qty: Qty): void {
    this.catchUp();
    this.exchange.positions.set(marketId, side, qty);
  }

  /**
   * Contracts held on (marketId, side), from the venue's own fills. Kalshi nets per market:
   * only the side of its net is held (the other side reads 0).
   */
  position(marketId: number, side: Side): Qty {
    this.catchUp();
    return this.exchange.positions.held(marketId, side);
  }

  /**
   * Read-only: what this venue holds of a market, the way it holds it, in core's
   * `VenueHoldings` shape — Kalshi `kalshiNet` (signed: > 0 YES, < 0 NO; opposite buys net
   * at once), Polymarket `polyYes` / `polyNo` tokens. The other venue's fields are 0, so the
   * two venues' answers add up field by field to the market's holdings, and
   * `netExposure(sum)` is the market's real cross-venue exposure (0 = flat). A fresh object
   * each call; it never changes the venue.
   */
  holdings(marketId: number): VenueHoldings {
    this.catchUp();
    return this.exchange.positions.holdings(marketId);
  }

  /** Read-only: pairs Kalshi netted in a market so far (each paid $1 at once; 0 on Polymarket). */
  netted(marketId: number): Qty {
    return this.exchange.positions.netted(marketId);
  }

  /** Read-only: ids of the markets this venue holds anything of, ascending. */
  heldMarkets(): number[] {
    this.catchUp();
    return this.exchange.positions.markets();
  }

  /** Every fill the venue made, in order. */
  fills(): readonly SimFill[] {
    return this.exchange.fills();
  }

  /** Every order the venue accepted (rejections excluded), as it stands now. */
  orders(): readonly SimOrderView[] {
    return this.exchange.orders();
  }

  /** The venue's own record of an order (legacy Kalshi / Polymarket shape), by either id. */
  wireRecord(id: string): VenueRecord | undefined {
    return this.exchange.record(id);
  }

  /** Number of `placeOrder` calls (duplicates and rejections included). */
  get placements(): number {
    return this.placementCount;
  }

  /** Number of `lookupOrder` calls. */
  get lookups(): number {
    return this.lookupCount;
  }

  /** Places one immediate order; never throws. See the class doc for timing and aborts. */
  placeOrder(order: OrderRequest, signal: AbortSignal): Promise<OrderOutcome> {
    this.placementCount += 1;
    const dup = this.exchange.knows(order.clientOrderId);
    const behaviour = dup
      ? undefined
      : (this.scripts.take(order) ?? drawFault(this.faults, this.faultRng, order));
    const total = behaviour?.kind === 'latency' ? behaviour.ms : this.drawLatency();
    const sendMs = Math.floor(total / 2);
    return new Promise<OrderOutcome>((resolve) => {
      if (signal.aborted) {
        resolve(rejected(order, 'other', 'aborted before send'));
        return;
      }
      let phase: 'sending' | 'replying' | 'hanging' | 'done' = 'sending';
      let timer: TimerHandle = undefined;
      let truth: OrderOutcome | undefined;
      const finish = (o: OrderOutcome): void => {
        phase = 'done';
        signal.removeEventListener('abort', onAbort);
        resolve(o);
      };
      const onAbort = (): void => {
        if (phase === 'done') return;
        if (timer !== undefined) this.clock.clearTimeout(timer);
        if (phase === 'sending') return finish(rejected(order, 'other', 'aborted before send'));
        const id = this.venue === 'polymarket' ? truth?.orderId : undefined;
        const why = phase === 'hanging' ? 'timeout' : 'aborted after send';
        finish(emptyOutcome(order, id, 'unknown', why));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      timer = this.clock.setTimeout(() => {
        timer = undefined;
        const answer = this.exchange.receive(order, behaviour);
        truth = answer;
        if (behaviour?.kind === 'hang') {
          phase = 'hanging';
          return;
        }
        phase = 'replying';
        timer = this.clock.setTimeout(() => finish(answer), total - sendMs);
      }, sendMs);
    });
  }

  /** Looks an order up by venue id, else client order id; an order never received is `none`. */
  lookupOrder(ref: OrderRef, signal: AbortSignal): Promise<OrderOutcome> {
    this.lookupCount += 1;
    const total = this.drawLatency();
    return new Promise<OrderOutcome>((resolve) => {
      const lost = (): OrderOutcome => emptyOutcome(ref, ref.orderId, 'unknown', 'lookup aborted');
      if (signal.aborted) return resolve(lost());
      const onAbort = (): void => {
        this.clock.clearTimeout(timer);
        resolve(lost());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = this.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(this.exchange.lookup(ref));
      }, total);
    });
  }

  private drawLatency(): number {
    const { min, max } = this.latency;
    return max === 0 ? 0 : this.latencyRng.int(min, max);
  }
}
