import { Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import {
  bestArb,
  EngineConfigSchema,
  TwinlegError,
  type ArbLimits,
  type CapacityAt,
  type BookStore,
  type Clock,
  type FastExecutionRequest,
  type MarketPair,
  type Micros,
  type Qty
} from '../../core/index.js';
import { DirtyQueue } from './dirtyQueue.js';

/** Counters of a detector, updated in place (read them any time). */
export interface DetectorStats {
  /** Book updates received. */
  updates: number;
  /** Updates folded into an evaluation already waiting for the same market. */
  coalesced: number;
  /**
   * Evaluations run (one per waiting market per drain). Every update is accounted for:
   * `updates + resumed = coalesced + evaluations + inFlight + unknownMarket + waiting`.
   */
  evaluations: number;
  /** Requests emitted. */
  requests: number;
  /** Evaluations skipped because the market's in-flight bit was held. */
  inFlight: number;
  /** Markets skipped in flight, queued again once their bit was clear. */
  resumed: number;
  /** Updates for a market id with no configured market (ignored, counted). */
  unknownMarket: number;
}

/** A zeroed {@link DetectorStats}. */
export function detectorStats(): DetectorStats {
  return {
    updates: 0,
    coalesced: 0,
    evaluations: 0,
    requests: 0,
    inFlight: 0,
    resumed: 0,
    unknownMarket: 0
  };
}

/** Options of {@link detectArbitrage}. */
export interface DetectorOptions {
  /** The pairs to watch (their fees are the ones applied). */
  readonly markets: readonly MarketPair[];
  /** The local books the venue feeds write. */
  readonly books: BookStore;
  /** The engine's shared clock: `detectedNs` is `clock.nowNs()` at evaluation. */
  readonly clock: Clock;
  /** Minimum profit per contract after fees. Default: the engine config's (1¢). */
  readonly minProfitPerContract?: Micros;
  /** Minimum whole contracts on both legs. Default: the engine config's (1). */
  readonly minQty?: Qty;
  /**
   * Minimum notional of a Polymarket leg at its limit price; smaller sizes are not emitted
   * (the engine would refuse them and hold the market). Default: the engine config's ($1).
   */
  readonly polyMinNotional?: Micros;
  /**
   * What the risk limits would take on a market now, as a function of the pair cost
   * (`yesPrice + noPrice`): the circuit breaker's `capacityNow`, asked once per evaluation.
   * Sizes are capped to it, and what is then under `minQty` or the venue minimum is not
   * emitted (the engine would refuse it). Absent: sizes are the books' alone.
   */
  readonly riskCapacity?: (marketId: number) => CapacityAt;
  /**
   * When waiting markets are evaluated. Default (absent): in a microtask right after the
   * feed's current message (`queueMicrotask`, no allocation), so a message is never seen
   * half-applied and a burst is evaluated once per market. A scheduler (`asapScheduler`, a
   * `VirtualTimeScheduler` in tests): through it. `null`: at once, inside the update (the feed
   * must then report a market only after its whole message is applied).
   */
  readonly scheduler?: SchedulerLike | null;
  /**
   * Skips markets whose in-flight bit is held (`supervisor.isInFlight`), which the engine
   * would refuse as duplicates. Such a market is parked and evaluated again on its next
   * update, or at the first drain after its bit is clear (any market's update starts one),
   * so an opportunity that outlives an execution on a quiet book is not lost.
   */
  readonly isInFlight?: (marketId: number) => boolean;
  /** Counters to update (see {@link detectorStats}). */
  readonly stats?: DetectorStats;
}

const ENGINE_DEFAULTS = EngineConfigSchema.parse({});

/**
 * The arbitrage detector, as an RxJS operator: market ids whose books changed in (see
 * {@link bookUpdates}), {@link FastExecutionRequest}s out, ready for `supervisor.connect()`.
 *
 * For each changed market it evaluates the four arb types on the books in `opts.books`
 * (core's `bestArb`: both legs' asks walked together, taker fees from core's fee functions,
 * Kalshi's per-order rounding and the market's Polymarket rate included), skips legs whose
 * book is stale, crossed or empty, and emits the most profitable one: limit prices at the
 * worst level its size needs, `yesSize = noSize` = that size in whole contracts, `detectedNs`
 * from the shared clock.
 *
 * Backpressure coalesces per market and never drops: a changed market waits in a queue that
 * holds each market once, so updates arriving before its evaluation (a burst, or a consumer
 * still busy with the previous request) fold into one evaluation of the newest book. Every
 * update is either evaluated or counted as coalesced into a later evaluation
 * ({@link DetectorStats}). The queue is bounded by the number of markets.
 *
 * The source completing drains what is waiting, then completes; an error passes through.
 */
export function detectArbitrage(
  opts: DetectorOptions
): OperatorFunction<number, FastExecutionRequest> {
  const limits: ArbLimits = {
    minProfitPerContract: opts.minProfitPerContract ?? ENGINE_DEFAULTS.minProfitPerContract,
    minQty: opts.minQty ?? ENGINE_DEFAULTS.minQty,
    polyMinNotional: opts.polyMinNotional ?? ENGINE_DEFAULTS.polyMinNotional,
    ...(opts.riskCapacity ? { riskCapacity: opts.riskCapacity } : {})
  };
  const byId: (MarketPair | undefined)[] = [];
  for (const m of opts.markets) {
    if (!opts.books.get(m.marketId)) {
      throw new TwinlegError('invalid_config', `detector: no books for market ${m.marketId}`);
    }
    byId[m.marketId] = m;
  }
  const scheduler = opts.scheduler;
  const stats = opts.stats ?? detectorStats();
  const { books, clock, isInFlight } = opts;

  return (source) =>
    new Observable<FastExecutionRequest>((sub) => {
      const queue = new DirtyQueue(byId.length);
      const parked = new DirtyQueue(byId.length);
      let pending: Subscription | null = null;
      let microtask = false;
      let draining = false;

      const evaluate = (id: number): void => {
        const market = byId[id]!;
        if (isInFlight?.(id)) {
          stats.inFlight++;
          parked.mark(id);
          return;
        }
        stats.evaluations++;
        const q = bestArb(market, books.get(id)!, limits);
        if (q === null) return;
        stats.requests++;
        sub.next({
          marketId: id,
          yesPrice: q.yesPrice,
          noPrice: q.noPrice,
          yesSize: q.qty,
          noSize: q.qty,
          arbType: q.arbType,
          detectedNs: clock.nowNs()
        });
      };
      const drain = (): void => {
        pending = null;
        microtask = false;
        if (draining) return;
        draining = true;
        try {
          for (let n = parked.length; n > 0; n--) {
            const id = parked.take();
            if (isInFlight?.(id)) parked.mark(id);
            else if (queue.mark(id)) stats.resumed++;
          }
          for (let id = queue.take(); id >= 0 && !sub.closed; id = queue.take()) evaluate(id);
        } finally {
          draining = false;
        }
      };
      const inner = source.subscribe({
        next: (id) => {
          stats.updates++;
          if (byId[id] === undefined) {
            stats.unknownMarket++;
            return;
          }
          if (!queue.mark(id)) {
            stats.coalesced++;
            return;
          }
          if (draining || pending !== null || microtask) return;
          if (scheduler === undefined) {
            microtask = true;
            queueMicrotask(drain);
          } else if (scheduler === null) drain();
          else pending = scheduler.schedule(drain);
        },
        error: (err: unknown) => sub.error(err),
        complete: () => {
          pending?.unsubscribe();
          drain();
          sub.complete();
        }
      });
      return () => {
        inner.unsubscribe();
        pending?.unsubscribe();
      };
    });
}

/**
 * The ids of the markets whose books changed, as the feeds report them to the store
 * (`books.changed(id)`, once per applied venue message): the detector's input.
 */
export function bookUpdates(books: BookStore): Observable<number> {
  return new Observable<number>((sub) => books.onChange((id) => sub.next(id)));
}
