/**
 * The engine as the in-process benchmarks run it: a real {@link ExecutionSupervisor} (silent
 * logger, permissive risk, no journal) on the shared {@link NanoClock}, with two
 * {@link BenchVenue}s, and PolyYesKalshiNo opportunities that pass validation and sizing.
 */
import { NanoClock } from '../actors/nanoClock.js';
import { ExecutionSupervisor } from '../actors/supervisor.js';
import {
  cents,
  contracts,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  type Clock,
  type EngineConfigInput,
  type FastExecutionRequest,
  type MarketPair
} from '../core/index.js';
import { BenchVenue } from './venue.js';

/** Markets of the in-process engine (and its in-flight capacity). */
export const BENCH_MARKETS = 8_192;
/** Market ids below this are the parked ones in the live-count benchmark. */
export const PARKED_MARKETS = 1_000;

/**
 * Engine config of the in-process benchmarks: delayed releases after 0 ms (one clock timer
 * per drain, so round-robin markets are free again quickly) and a leg timeout long enough
 * that parked legs never time out during a run.
 */
export const BENCH_CONFIG: EngineConfigInput = {
  capacity: BENCH_MARKETS,
  delayedReleaseMs: 0,
  legTimeoutMs: 600_000
};

/** A market pair with standard fees (1¢ grids, Polymarket fee-free, standard exchange). */
export function benchMarket(marketId: number): MarketPair {
  return {
    marketId,
    pairId: `bench-${marketId}`,
    description: `bench market ${marketId}`,
    kalshiTicker: `KXBENCH-${marketId}`,
    polyYesTokenId: String(10_000_000 + marketId),
    polyNoTokenId: String(20_000_000 + marketId),
    tickSize: { kalshi: cents(1), polymarket: cents(1) },
    fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES },
    polyExchange: 'standard'
  };
}

/**
 * A profitable PolyYesKalshiNo opportunity: YES 45¢ on Polymarket, NO 50¢ on Kalshi, 10
 * contracts each (3.2¢ per contract after Kalshi's fee; $4.50 clears Polymarket's $1 minimum).
 */
export function opportunity(marketId: number, clock: Clock): FastExecutionRequest {
  return {
    marketId,
    arbType: 'PolyYesKalshiNo',
    yesPrice: cents(45),
    noPrice: cents(50),
    yesSize: contracts(10),
    noSize: contracts(10),
    detectedNs: clock.nowNs()
  };
}

/** Options of {@link benchEngine}. */
export interface BenchEngineOptions {
  /** Venue answer delay, ms (default 0: instant). */
  readonly latencyMs?: number;
  /** Markets whose legs are parked (default none). */
  readonly park?: (marketId: number) => boolean;
}

/** A supervisor on {@link BENCH_MARKETS} markets with two bench venues. */
export interface BenchEngine {
  readonly clock: NanoClock;
  readonly supervisor: ExecutionSupervisor;
  readonly kalshi: BenchVenue;
  readonly polymarket: BenchVenue;
}

/** Builds a {@link BenchEngine} (see the module comment). */
export function benchEngine(o: BenchEngineOptions = {}): BenchEngine {
  const clock = new NanoClock();
  const venueOpts = {
    clock,
    ...(o.latencyMs === undefined ? {} : { latencyMs: o.latencyMs }),
    ...(o.park ? { park: o.park } : {})
  };
  const kalshi = new BenchVenue({ venue: 'kalshi', ...venueOpts });
  const polymarket = new BenchVenue({ venue: 'polymarket', ...venueOpts });
  const markets = Array.from({ length: BENCH_MARKETS }, (_, i) => benchMarket(i));
  const supervisor = new ExecutionSupervisor({
    markets,
    venues: { kalshi, polymarket },
    clock,
    config: BENCH_CONFIG,
    idPrefix: 'b-'
  });
  return { clock, supervisor, kalshi, polymarket };
}

/**
 * Cycles market ids over `[from, to)`. With delayed releases after 0 ms, a market is free
 * again once the release timer ran (the loops yield a macrotask every few hundred).
 */
export function marketCycle(from: number, to: number): () => number {
  let next = from;
  return () => {
    const id = next;
    next = next + 1 >= to ? from : next + 1;
    return id;
  };
}
