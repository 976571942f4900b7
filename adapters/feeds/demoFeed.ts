import { Observable } from 'rxjs';
import {
  ARB_TYPES,
  CENT,
  CONTRACT,
  legVenues,
  TwinlegError,
  addMicros,
  asQty,
  cents,
  closingSoon,
  contracts,
  minQty,
  subMicros,
  type Clock,
  type FastExecutionRequest,
  type MarketPair,
  type Micros,
  type Qty,
  type Side,
  type TimerHandle
} from '../../core/index.js';
import { Random } from '../random.js';
import type { BookLevel, SimulatedVenue } from '../venues/simulated/index.js';

/**
 * What a demo opportunity exercises:
 * - `clean`: YES ask + NO ask ≤ 96¢, 5..200 contracts each, books match the quote;
 * - `spam`: a clean arb on market 0 emitted 3..5 times in one burst (duplicates);
 * - `belowThreshold`: asks sum to ≥ $1.00 (≥ $0.995), nothing to earn;
 * - `thin`: one side quotes less than one contract;
 * - `partial`: a clean quote, but one leg's book holds fewer contracts than the engine will
 *   send (a stale quote), so that leg fills partially and auto-close runs. Done with book
 *   depth, not a venue script, so an opportunity the engine drops leaves nothing behind.
 */
export type DemoScenario = 'clean' | 'spam' | 'belowThreshold' | 'thin' | 'partial';

/** Options of {@link createDemoFeed}. */
export interface DemoFeedOptions {
  readonly clock: Clock;
  readonly seed: number;
  /** The venues whose books the feed keeps consistent with what it emits. */
  readonly venues: { readonly kalshi: SimulatedVenue; readonly polymarket: SimulatedVenue };
  readonly markets: readonly MarketPair[];
  /**
   * No opportunity on a market closing within this long (wall ms, default 0), nor on one that
   * is not open on either venue (asked of the simulated venues' `marketState`).
   */
  readonly closeGuardMs?: number;
  /** Ticks per second (a `spam` tick emits several requests). Default 20. */
  readonly ratePerSec?: number;
  /** Called once per tick, before its requests are emitted (logs, tests). */
  readonly onScenario?: (scenario: DemoScenario, req: FastExecutionRequest) => void;
}

const WEIGHTS: readonly (readonly [DemoScenario, number])[] = [
  ['clean', 45],
  ['spam', 10],
  ['belowThreshold', 15],
  ['thin', 10],
  ['partial', 20]
];

const contractsBetween = (rng: Random, min: number, max: number): Qty =>
  contracts(rng.int(min, max));

/** Book for one leg: asks at `price` with `depth` (plus a worse level), bids below it. */
function legBook(rng: Random, price: Micros, depth: Qty): { asks: BookLevel[]; bids: BookLevel[] } {
  const asks: BookLevel[] = [{ price, qty: depth }];
  if (price + 2 * CENT < 100 * CENT) {
    asks.push({ price: addMicros(price, cents(2)), qty: contractsBetween(rng, 5, 100) });
  }
  const bids = [subMicros(price, CENT), subMicros(price, cents(3))]
    .filter((p) => p >= CENT)
    .map((p) => ({ price: p, qty: contractsBetween(rng, 20, 300) }));
  return { asks, bids };
}

interface Tick {
  readonly scenario: DemoScenario;
  readonly req: FastExecutionRequest;
  readonly copies: number;
}

/** Whether a market is open on both venues and not closing within the guard. */
function tradable(opts: DemoFeedOptions, m: MarketPair): boolean {
  const states = [
    opts.venues.kalshi.marketState(m.marketId),
    opts.venues.polymarket.marketState(m.marketId)
  ];
  return closingSoon(states, opts.clock.wallMs(), opts.closeGuardMs ?? 0) === null;
}

/**
 * Draws one tick's opportunity among the tradable markets and sets the books behind it; null
 * when no market is tradable. With every market tradable the draws are those of a run
 * without a lifecycle.
 */
function nextTick(rng: Random, opts: DemoFeedOptions, spamId: number | undefined): Tick | null {
  const markets = opts.markets.filter((m) => tradable(opts, m));
  if (markets.length === 0) return null;
  const spamMarket = markets.find((m) => m.marketId === spamId);
  const weights = WEIGHTS.map(([s, w]) => [s, s === 'spam' && !spamMarket ? 0 : w] as const);
  const scenario = rng.weighted(weights);
  const market = scenario === 'spam' && spamMarket ? spamMarket : rng.pick(markets);
  const arbType = rng.pick(ARB_TYPES);
  const sumCents = scenario === 'belowThreshold' ? rng.int(100, 104) : rng.int(85, 96);
  const yesCents = rng.int(10, sumCents - 10);
  const prices: Record<Side, Micros> = { yes: cents(yesCents), no: cents(sumCents - yesCents) };
  const sizes: Record<Side, Qty> = {
    yes: contractsBetween(rng, 5, 200),
    no: contractsBetween(rng, 5, 200)
  };
  if (scenario === 'thin')
    sizes[rng.pick(['yes', 'no'] as const)] = asQty(rng.int(1, CONTRACT - 1));
  const depth = { ...sizes };
  if (scenario === 'partial') {
    const smaller = minQty(sizes.yes, sizes.no) / CONTRACT;
    depth[rng.pick(['yes', 'no'] as const)] = contractsBetween(rng, 1, smaller - 1);
  }
  const where = legVenues(arbType);
  for (const side of ['yes', 'no'] as const) {
    opts.venues[where[side]].setBook(
      market.marketId,
      side,
      legBook(rng, prices[side], depth[side])
    );
  }
  const req: FastExecutionRequest = {
    marketId: market.marketId,
    yesPrice: prices.yes,
    noPrice: prices.no,
    yesSize: sizes.yes,
    noSize: sizes.no,
    arbType,
    detectedNs: opts.clock.nowNs()
  };
  return { scenario, req, copies: scenario === 'spam' ? rng.int(3, 5) : 1 };
}

/**
 * A deterministic stream of demo opportunities for paper trading: every `1000 / ratePerSec`
 * ms of `clock` time it draws a market (among those open on both venues and not closing
 * within `closeGuardMs`; a tick with none emits nothing) and a {@link DemoScenario} with seeded weights, sets
 * the simulated venues' books to match, and emits the request(s). Each subscription replays
 * the same sequence for the same seed; unsubscribing clears the pending timer.
 */
export function createDemoFeed(opts: DemoFeedOptions): Observable<FastExecutionRequest> {
  const rate = opts.ratePerSec ?? 20;
  if (!(rate > 0)) throw new TwinlegError('invalid_config', 'demo feed: ratePerSec must be > 0');
  if (opts.markets.length === 0)
    throw new TwinlegError('invalid_config', 'demo feed needs at least one market');
  const intervalMs = Math.max(1, Math.round(1000 / rate));
  const spamId = opts.markets.find((m) => m.marketId === 0)?.marketId;
  const { clock } = opts;
  return new Observable<FastExecutionRequest>((subscriber) => {
    const rng = new Random(opts.seed);
    let timer: TimerHandle = undefined;
    const tick = (): void => {
      timer = undefined;
      const t = nextTick(rng, opts, spamId);
      if (t) {
        opts.onScenario?.(t.scenario, t.req);
        for (let i = 0; i < t.copies && !subscriber.closed; i++) subscriber.next({ ...t.req });
      }
      if (!subscriber.closed) timer = clock.setTimeout(tick, intervalMs);
    };
    timer = clock.setTimeout(tick, intervalMs);
    return () => {
      if (timer !== undefined) clock.clearTimeout(timer);
    };
  });
}
