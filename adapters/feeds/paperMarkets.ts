/**
 * Paper markets: the simulated venues' books moved by {@link createMarketMotion} and mirrored
 * into a {@link BookStore}, so paper mode runs the detector over books the way live does
 * (`bookUpdates(books).pipe(detectArbitrage(…))`) and executions fill against exactly the
 * books the detector saw.
 *
 * Every `tickMs` of the run's clock the motion steps; for each market open on both venues
 * (and not closing within `closeGuardMs`) both outcomes of both venues are written into the
 * {@link SimulatedVenue}s, minus what fills took since the last write while that venue's mid
 * has not moved ({@link TakenLiquidity}: a traded-away arbitrage does not come back), and the
 * same ladders into the store (marked fresh, one `changed` per market). A market that is not
 * tradable has its store books marked stale once, so the detector leaves it alone.
 */
import {
  closingSoon,
  type BookStore,
  type Clock,
  type MarketPair,
  type Side,
  type TimerHandle,
  type Venue
} from '../../core/index.js';
import {
  createMarketMotion,
  noLadder,
  TakenLiquidity,
  type MarketLadders,
  type MarketMotionOptions,
  type MotionLadder
} from '../venues/common/bookMotion.js';
import type { SimulatedVenue } from '../venues/simulated/index.js';

/** Options of {@link createPaperMarkets}. */
export interface PaperMarketsOptions {
  readonly clock: Clock;
  readonly seed: number;
  readonly venues: { readonly kalshi: SimulatedVenue; readonly polymarket: SimulatedVenue };
  readonly markets: readonly MarketPair[];
  /** The store the detector reads (one entry per market of `markets`). */
  readonly books: BookStore;
  /** Motion step period in clock ms (default 500). */
  readonly tickMs?: number;
  /** No book on a market closing within this long (wall ms, default 0) or not open. */
  readonly closeGuardMs?: number;
  /** Motion tuning (levels, depth, dislocations); seed and markets come from above. */
  readonly motion?: Omit<MarketMotionOptions, 'seed' | 'markets'>;
}

/** A running paper market. */
export interface PaperMarkets {
  /** Writes the current ladders, then steps every `tickMs` until {@link stop}. */
  start(): void;
  /** Steps the motion once and writes the books (what each timer tick does). */
  tick(): void;
  /** Clears the timer (idempotent); the books stay as they are. */
  stop(): void;
  /** Motion steps so far. */
  readonly ticks: number;
}

const VENUES: readonly Venue[] = ['kalshi', 'polymarket'];
const SIDES: readonly Side[] = ['yes', 'no'];

/** Creates the paper markets (nothing is written before {@link PaperMarkets.start}). */
export function createPaperMarkets(o: PaperMarketsOptions): PaperMarkets {
  const motion = createMarketMotion({
    ...o.motion,
    seed: o.seed,
    markets: o.markets.map((m) => m.marketId)
  });
  const tickMs = o.tickMs ?? 500;
  const taken = new TakenLiquidity();
  const byId = new Map(o.markets.map((m) => [m.marketId, m]));
  const closed = new Set<number>();

  const tradable = (id: number): boolean => {
    const states = VENUES.map((v) => o.venues[v].marketState(id));
    return closingSoon(states, o.clock.wallMs(), o.closeGuardMs ?? 0) === null;
  };

  const write = (l: MarketLadders): void => {
    const id = l.marketId;
    if (!byId.has(id)) return;
    if (!tradable(id)) {
      if (closed.has(id)) return;
      closed.add(id);
      for (const v of VENUES) o.books.venue(id, v)?.markStale('no_snapshot');
      o.books.changed(id);
      return;
    }
    closed.delete(id);
    const now = o.clock.wallMs();
    for (const v of VENUES) {
      const store = o.books.venue(id, v);
      for (const side of SIDES) {
        const ladder: MotionLadder = side === 'yes' ? l[v] : noLadder(l[v]);
        const venue = o.venues[v];
        const applied = taken.next(`${v}:${id}:${side}`, l.mid[v], ladder, venue.book(id, side));
        venue.setBook(id, side, applied);
        store?.replace(
          side,
          applied.bids.map((x) => ({ price: x.price, size: x.qty })),
          applied.asks.map((x) => ({ price: x.price, size: x.qty }))
        );
      }
      store?.markFresh(now);
    }
    o.books.changed(id);
  };

  let timer: TimerHandle = undefined;
  let running = false;
  const step = (): void => {
    for (const l of motion.tick()) write(l);
  };
  const loop = (): void => {
    if (!running) return;
    step();
    timer = o.clock.setTimeout(loop, tickMs);
  };

  return {
    start() {
      if (running) return;
      running = true;
      for (const l of motion.current()) write(l);
      timer = o.clock.setTimeout(loop, tickMs);
    },
    tick: step,
    stop() {
      running = false;
      if (timer !== undefined) o.clock.clearTimeout(timer);
      timer = undefined;
    },
    get ticks() {
      return motion.ticks;
    }
  };
}
