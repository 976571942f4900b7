/**
 * A fault-injecting venue: wraps a {@link SimulatedVenue} (the world's truth: books, orders,
 * fills) and, per the scenario's fault plan, turns a placement into a leg timeout (the order
 * filled, partially filled or not), a Polymarket `delayed` resolving early or after the
 * engine's deadline, a partial fill, a rejection, a 429, a 503, a 5xx after the order reached
 * the venue, a connection drop before or after sending, or a book that moves away just as an
 * auto-close sell arrives; and a lookup into a null answer, a failure or a hang.
 *
 * It also keeps the simulation as faithful as the live adapters on what a lookup can prove:
 * only Kalshi's lookup says an order never reached the venue (`neverPlaced`,
 * adapters/venues/kalshi/lookup.ts); the live Polymarket adapter cannot (a null record with no
 * trades after its window is a plain `none`), so the flag is stripped from Polymarket answers.
 */
import type { SimulatedVenue, SimBehaviour } from '../adapters/venues/simulated/index.js';
import {
  CONTRACT,
  NO_FILL,
  parseEngineConfig,
  subQty,
  contracts,
  ZERO_QTY,
  type Clock,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type Venue,
  type VenueAdapter
} from '../core/index.js';
import type { CloseMiss } from './exposure.js';
import type { FaultPlan, LookupFault, PlacementFault } from './faults.js';

/** What the world tells the monitor and the trace about venue traffic. */
export interface VenueHooks {
  placing(order: OrderRequest, fault: PlacementFault | null, retry: boolean): void;
  answered(order: OrderRequest, outcome: OrderOutcome | Error): void;
  lookedUp(ref: OrderRef, fault: LookupFault | null, outcome: OrderOutcome | Error): void;
}

/**
 * The real Kalshi adapter's dispatch bookkeeping, modelled (scenario switch `crashAtIntent`):
 * before an order can reach the venue its dispatch is recorded (`onDispatched`, the ledger's
 * `recordDispatch`), and the adapter keeps a process-local send log. A lookup that does not find
 * the order proves nothing without that log ("not found (no local send record)" is `unknown`,
 * as `adapters/venues/kalshi/lookup.ts` answers); after a restart, `recall` refills the log
 * from the ledger's dispatch records.
 */
export interface DispatchModel {
  onDispatched(clientOrderId: string): void;
}

/** The auto-close price floor of the engine's configuration. */
const FLOOR = parseEngineConfig().autoClose.floorMicros;
const CEILING = parseEngineConfig().autoClose.ceilingMicros;
/** An auto-close order's client order id (`<execution>-c<n>`). */
const CLOSE_ID = /-c\d+$/;

/** A Polymarket lookup answer as the live adapter could give it: it never proves `neverPlaced`. */
function provable(out: OrderOutcome): OrderOutcome {
  if (out.neverPlaced === undefined) return out;
  const { neverPlaced: _, ...rest } = out;
  return rest;
}

const sleep = (clock: Clock, ms: number): Promise<void> =>
  new Promise((resolve) => clock.setTimeout(resolve, ms));

/** See the module comment. One per venue, living as long as the world (across crashes). */
export class FaultyVenue implements VenueAdapter {
  readonly venue: Venue;
  /**
   * Close orders at their limit the venue answered unfilled in part with the book dry: sells at
   * the floor (for the record only) and hedge buys at the ceiling (proof; see exposure.ts).
   */
  readonly closeMisses: CloseMiss[] = [];
  /** Close orders this venue refused for good (an injected permanent rejection), either action. */
  readonly refusals: CloseMiss[] = [];
  /** The modelled adapter's process-local send log (see {@link DispatchModel}). */
  private readonly sent = new Set<string>();

  constructor(
    private readonly inner: SimulatedVenue,
    private readonly plan: FaultPlan,
    private readonly clock: Clock,
    private readonly hooks: VenueHooks,
    private readonly dispatch: DispatchModel | null = null
  ) {
    this.venue = inner.venue;
  }

  /** The process died: its adapter's send log is gone. */
  forget(): void {
    this.sent.clear();
  }

  /** After a restart: the ledger's dispatch records of unresolved orders refill the send log. */
  recall(clientOrderIds: readonly string[]): void {
    for (const id of clientOrderIds) this.sent.add(id);
  }

  async placeOrder(order: OrderRequest, signal: AbortSignal): Promise<OrderOutcome> {
    if (this.dispatch) {
      this.dispatch.onDispatched(order.clientOrderId);
      this.sent.add(order.clientOrderId);
    }
    const retry = this.inner.orders().some((o) => o.clientOrderId === order.clientOrderId);
    const fault = retry ? null : this.plan.placement(order);
    if (fault) this.plan.hit(fault);
    this.hooks.placing(order, fault, retry);
    try {
      const out = await this.inject(order, signal, fault);
      if (out.status === 'rejected' && out.rejectKind === 'settlement') this.plan.hit('settlement');
      this.noteCloseMiss(order.clientOrderId);
      this.hooks.answered(order, out);
      return out;
    } catch (e) {
      this.hooks.answered(order, e as Error);
      throw e;
    }
  }

  async lookupOrder(ref: OrderRef, signal: AbortSignal): Promise<OrderOutcome> {
    const fault = this.plan.lookup();
    if (fault) this.plan.hit(fault);
    try {
      const out = await this.lookupWith(ref, signal, fault);
      this.noteCloseMiss(ref.clientOrderId);
      this.hooks.lookedUp(ref, fault, out);
      return out;
    } catch (e) {
      this.hooks.lookedUp(ref, fault, e as Error);
      throw e;
    }
  }

  /**
   * A close order at its limit (a sell at the floor, a hedge buy at the ceiling) the venue
   * holds, finished with contracts left, after whose match no bid at or above (ask at or
   * under) its price was left in the book (noted when an answer or a lookup about it arrives).
   * Only a hedge buy's is proof the venue could not close them. Recorded once per order.
   */
  private noteCloseMiss(clientOrderId: string): void {
    if (!CLOSE_ID.test(clientOrderId)) return;
    const o = this.inner.orders().find((x) => x.clientOrderId === clientOrderId);
    if (!o || o.filledQty >= o.qty) return;
    if (o.status !== 'none' && o.status !== 'partial') return;
    if (this.closeMisses.some((x) => x.clientOrderId === clientOrderId)) return;
    // the book at the order's match, not now: a later book says nothing about this order
    if (!o.bookDry) return;
    if (o.action === 'sell') {
      if (o.limitPrice > FLOOR) return;
    } else {
      // a close that hedges: a buy at the ceiling with no ask at or under its price left
      if (o.limitPrice < CEILING) return;
    }
    this.closeMisses.push({
      venue: this.venue,
      marketId: o.marketId,
      side: o.side,
      action: o.action,
      why: 'dry',
      clientOrderId,
      price: o.limitPrice,
      left: subQty(o.qty, o.filledQty),
      atMs: Math.round(this.clock.nowNs() / 1e6)
    });
  }

  private async inject(
    order: OrderRequest,
    signal: AbortSignal,
    fault: PlacementFault | null
  ): Promise<OrderOutcome> {
    const rng = this.plan.random;
    const whole = Math.floor(order.qty / CONTRACT);
    const some = () => (whole > 1 ? contracts(rng.int(1, whole - 1)) : ZERO_QTY);
    const scripted = (behaviour: SimBehaviour) => {
      const { marketId } = order.market;
      this.inner.script({ match: { marketId, side: order.side, action: order.action }, behaviour });
      return this.inner.placeOrder(order, signal);
    };
    switch (fault) {
      case null:
        return this.inner.placeOrder(order, signal);
      case 'timeoutFilled':
        return scripted({ kind: 'hang', fill: 'book' });
      case 'timeoutPartial':
        return scripted({ kind: 'hang', fill: { qty: some() } });
      case 'timeoutNone':
        return scripted({ kind: 'hang', fill: 'none' });
      case 'delayedFilled':
        return scripted({ kind: 'pending', resolveAfterMs: rng.int(50, 4_000), fill: 'book' });
      case 'delayedCanceled':
        return scripted({ kind: 'pending', resolveAfterMs: rng.int(50, 4_000), fill: 'none' });
      case 'delayedLate':
        return scripted({ kind: 'pending', resolveAfterMs: rng.int(31_000, 60_000), fill: 'book' });
      case 'partialFill':
        return scripted({ kind: 'fillQty', qty: some(), raced: true });
      case 'legRejected': {
        const kinds = ['insufficient_balance', 'market_closed', 'invalid_order'] as const;
        if (CLOSE_ID.test(order.clientOrderId))
          this.refusals.push({
            venue: this.venue,
            marketId: order.market.marketId,
            side: order.side,
            action: order.action,
            why: 'refused',
            clientOrderId: order.clientOrderId,
            price: order.limitPrice,
            left: order.qty,
            atMs: Math.round(this.clock.nowNs() / 1e6)
          });
        return scripted({
          kind: 'reject',
          rejectKind: rng.pick(kinds),
          reason: 'simulated reject'
        });
      }
      case 'rateLimited': {
        const retryAfterMs = rng.int(100, 2_000);
        return scripted({
          kind: 'reject',
          rejectKind: 'rate_limited',
          reason: 'HTTP 429',
          retryAfterMs
        });
      }
      case 'unavailable':
        return scripted({ kind: 'reject', rejectKind: 'unavailable', reason: 'HTTP 503' });
      case 'serverError': {
        const out = await this.inner.placeOrder(order, signal);
        const id = this.venue === 'polymarket' ? out.orderId : undefined;
        return {
          status: 'unknown',
          clientOrderId: order.clientOrderId,
          ...(id === undefined ? {} : { orderId: id }),
          ...NO_FILL,
          reason: 'HTTP 502 bad gateway'
        };
      }
      case 'connDropAfterSend':
        await this.inner.placeOrder(order, signal);
        throw new Error('socket hang up (ECONNRESET) after send');
      case 'connDropBeforeSend':
        await sleep(this.clock, rng.int(0, 20));
        throw new Error('connect ECONNRESET before send');
      case 'bookAway': {
        const { marketId } = order.market;
        const b = this.inner.book(marketId, order.side);
        this.inner.setBook(marketId, order.side, { asks: b.asks, bids: [] });
        return this.inner.placeOrder(order, signal);
      }
    }
  }

  private async lookupWith(
    ref: OrderRef,
    signal: AbortSignal,
    fault: LookupFault | null
  ): Promise<OrderOutcome> {
    const unknown = (reason: string): OrderOutcome => ({
      status: 'unknown',
      clientOrderId: ref.clientOrderId,
      ...(ref.orderId === undefined ? {} : { orderId: ref.orderId }),
      ...NO_FILL,
      reason
    });
    switch (fault) {
      case null: {
        const out = await this.inner.lookupOrder(ref, signal);
        const proofless =
          this.dispatch !== null && out.status === 'none' && !this.sent.has(ref.clientOrderId);
        const never = !this.inner.orders().some((o) => o.clientOrderId === ref.clientOrderId);
        if (proofless && never) return unknown('not found (no local send record)');
        return this.venue === 'polymarket' ? provable(out) : out;
      }
      case 'lookupNull':
        await sleep(this.clock, this.plan.random.int(1, 100));
        return unknown('lookup returned null');
      case 'lookupFail':
        await sleep(this.clock, this.plan.random.int(1, 100));
        throw new Error('HTTP 500 on lookup');
      case 'lookupHang':
        return new Promise((resolve) => {
          if (signal.aborted) return resolve(unknown('lookup aborted'));
          signal.addEventListener('abort', () => resolve(unknown('lookup hung')), { once: true });
        });
    }
  }
}
