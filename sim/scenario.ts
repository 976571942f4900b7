/**
 * The scenario generator: one seed → markets, breaker limits, fault probabilities, venue
 * latencies and the opportunity stream (prices, sizes, books, duplicates, bursts, bad input),
 * and whether and when the process crashes. Pure: no clock, no I/O.
 */
import type { BreakerConfigInput } from '../actors/circuitBreaker/index.js';
import { Random } from '../adapters/random.js';
import type { BookInput } from '../adapters/venues/simulated/index.js';
import {
  ARB_TYPES,
  CONTRACT,
  USD,
  cents,
  contracts,
  addMicros,
  maxMicros,
  subMicros,
  ZERO_MICROS,
  type ArbType,
  type MarketPair,
  type Micros,
  type Qty,
  type Venue
} from '../core/index.js';
import { simMarket } from './markets.js';
import { drawFaultProbs, type FaultProbs } from './faults.js';
import { drawPlan13, type Plan13 } from './scenario13.js';
import { defaultSwitches, type Switches } from './switches.js';

/** One opportunity of the stream, with the books the detector saw. */
export interface OppSpec {
  readonly atMs: number;
  readonly marketId: number;
  readonly arbType: ArbType;
  readonly yesPrice: Micros;
  readonly noPrice: Micros;
  readonly yesSize: Qty;
  readonly noSize: Qty;
  /** Books put on the legs' venues when the opportunity is seen (none: books unchanged). */
  readonly books: { readonly yes: BookInput; readonly no: BookInput } | null;
}

/** Everything one seed decides. */
export interface Scenario {
  readonly seed: number;
  readonly markets: readonly MarketPair[];
  readonly breaker: BreakerConfigInput;
  readonly faultProbs: FaultProbs;
  readonly polySettlementLagMs: number;
  readonly polyLookupNullMs: number;
  readonly latency: Readonly<Record<Venue, { readonly min: number; readonly max: number }>>;
  readonly venueSeeds: Readonly<Record<Venue, number>>;
  /** Seed of the world's fault stream. */
  readonly faultSeed: number;
  readonly opportunities: readonly OppSpec[];
  /** Simulated time of the crash, or null (no crash, or a crash at a venue interaction). */
  readonly crashAtMs: number | null;
  /**
   * Crash synchronously right at the n-th venue interaction (a placement sent, an answer or
   * a lookup answer arriving), or null: the process dies mid-execution by construction.
   */
  readonly crashAtInteraction: number | null;
  /** How long the process stays down after the crash. */
  readonly downMs: number;
  /** Range of one clock step, ms. */
  readonly stepMs: { readonly min: number; readonly max: number };
  /** The issue-13 faults (`scenario13.ts`; none when their switches are off). */
  readonly plan13: Plan13;
}

const book = (rng: Random, price: Micros, size: Qty): BookInput => {
  const stale = rng.chance(0.08);
  const depth = rng.chance(0.25)
    ? rng.int(0, Math.max(0, size / CONTRACT - 1))
    : rng.int(size / CONTRACT, 40);
  const spread = cents(rng.int(0, 3));
  const bid = (off: number, q: number) => ({
    price: maxMicros(cents(1), subMicros(price, addMicros(spread, cents(off)))),
    qty: contracts(q)
  });
  return {
    asks: [
      { price: stale ? addMicros(price, cents(2)) : price, qty: contracts(depth) },
      { price: addMicros(price, cents(rng.int(1, 4))), qty: contracts(rng.int(0, 20)) }
    ],
    bids: rng.chance(0.1)
      ? []
      : [bid(0, rng.int(0, 8)), bid(2, rng.int(0, 10)), bid(6, rng.int(0, 30))]
  };
};

function opportunity(rng: Random, atMs: number, marketId: number, known: boolean): OppSpec {
  const arbType = rng.pick(ARB_TYPES);
  const yesC = rng.int(15, 75);
  const noC = Math.max(1, Math.min(98, 100 - yesC - rng.int(-2, 9)));
  const size = contracts(rng.chance(0.1) ? 0 : rng.int(1, 15));
  const yesSize = size;
  const noSize = rng.chance(0.2) ? contracts(rng.int(0, 15)) : size;
  const yesPrice = rng.chance(0.02) ? ZERO_MICROS : cents(yesC); // 0: malformed (invalid_request)
  const noPrice = cents(noC);
  const books = known
    ? { yes: book(rng, cents(yesC), yesSize), no: book(rng, noPrice, noSize) }
    : null;
  return { atMs, marketId, arbType, yesPrice, noPrice, yesSize, noSize, books };
}

function stream(rng: Random, marketIds: readonly number[]): OppSpec[] {
  const n = rng.int(10, 30);
  const out: OppSpec[] = [];
  let t = rng.int(0, 500);
  for (let i = 0; i < n; i++) {
    const prev = out[out.length - 1];
    if (prev && rng.chance(0.15)) {
      // duplicate: the same opportunity again, at once or a little later
      out.push({ ...prev, atMs: prev.atMs + rng.int(0, 30) });
      continue;
    }
    const gap = rng.weighted<[number, number]>([
      [[0, 20], 3],
      [[100, 4_000], 6],
      [[5_000, 15_000], 1]
    ]);
    t += rng.int(gap[0], gap[1]);
    const unknown = rng.chance(0.03);
    const marketId = unknown ? 400 + rng.int(0, 50) : rng.pick(marketIds);
    out.push(opportunity(rng, t, marketId, !unknown));
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

const breakerConfig = (rng: Random): BreakerConfigInput => ({
  maxConsecutiveErrors: rng.int(2, 6),
  cooldownMs: rng.int(2_000, 30_000),
  maxDailyLoss: rng.int(50, 2_000) * (USD / 100),
  maxPositionPerMarket: rng.int(10, 60) * CONTRACT,
  maxTotalPosition: rng.int(20, 150) * CONTRACT,
  maxPositionPerMarketUsd: rng.int(5, 40) * USD,
  maxTotalPositionUsd: rng.int(10, 100) * USD,
  blacklistThreshold: rng.int(2, 4),
  blacklistMs: rng.int(5_000, 60_000)
});

const latency = (rng: Random) => {
  const min = rng.int(0, 30);
  return { min, max: min + rng.int(0, 300) };
};

/** Builds the scenario of `seed` with the issue-13 faults of the switches that are on. */
export function generateScenario(seed: number, sw: Switches = defaultSwitches()): Scenario {
  const root = new Random(seed);
  const rng = root.fork(1);
  const ids = new Set<number>();
  const k = rng.int(2, 4);
  while (ids.size < k) ids.add(rng.int(0, 63));
  const marketIds = [...ids].sort((a, b) => a - b);
  const opportunities = stream(rng, marketIds);
  const crash = rng.chance(0.4);
  const atStep = crash && rng.chance(0.6);
  // a timed crash falls a little after some opportunity, often while executions run
  const crashAfter = opportunities.length > 0 ? rng.pick(opportunities).atMs : 0;
  const markets = marketIds.map(simMarket);
  const plan13 = drawPlan13(seed, sw, markets, opportunities[opportunities.length - 1]?.atMs ?? 0);
  return {
    seed,
    markets,
    breaker: breakerConfig(rng),
    faultProbs: drawFaultProbs(rng),
    polySettlementLagMs: rng.chance(0.5) ? rng.int(500, 8_000) : 0,
    polyLookupNullMs: rng.chance(0.4) ? rng.int(100, 5_000) : 0,
    latency: { kalshi: latency(rng), polymarket: latency(rng) },
    venueSeeds: { kalshi: root.nextU32(), polymarket: root.nextU32() },
    faultSeed: root.nextU32(),
    opportunities:
      plan13.opposite.length === 0
        ? opportunities
        : [...opportunities, ...plan13.opposite].sort((a, b) => a.atMs - b.atMs),
    crashAtMs: crash && !atStep ? crashAfter + rng.int(0, 12_000) : null,
    crashAtInteraction: atStep ? rng.int(1, 20) : null,
    downMs: rng.int(0, 3_000),
    stepMs: { min: 5, max: rng.int(50, 800) },
    plan13
  };
}
