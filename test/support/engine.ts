/**
 * Test harness: a supervisor wired to two simulated venues on a manual clock, with every
 * result, fill and log line collected.
 */
import { ManualClock } from '../../actors/manualClock.js';
import { ExecutionSupervisor } from '../../actors/supervisor.js';
import { SimulatedVenue } from '../../adapters/venues/simulated/index.js';
import {
  cents,
  contracts,
  KALSHI_STANDARD_FEES,
  POLYMARKET_NO_FEES,
  asQty,
  type ArbType,
  type EngineConfigInput,
  type ExecutionResult,
  type FastExecutionRequest,
  type FillRecord,
  type Journal,
  type Logger,
  type MarketPair,
  type RiskPort,
  type Side,
  type Venue,
  type VenueAdapter,
  type Qty
} from '../../core/index.js';

/** A plain test market with standard Kalshi fees and a fee-free Polymarket side. */
export function testMarket(marketId: number): MarketPair {
  return {
    marketId,
    pairId: `pair-${marketId}`,
    description: `Test market ${marketId}`,
    kalshiTicker: `KXTEST-${marketId}`,
    polyYesTokenId: `${1000 + marketId}`,
    polyNoTokenId: `${2000 + marketId}`,
    tickSize: { kalshi: cents(1), polymarket: cents(1) },
    fees: { kalshi: KALSHI_STANDARD_FEES, polymarket: POLYMARKET_NO_FEES }
  };
}

/** A log line captured by the harness. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly obj: object;
}

/** Options of {@link testEngine}. */
export interface TestEngineOptions {
  readonly config?: EngineConfigInput;
  /** A risk port, or a factory given the harness's clock and logger (e.g. a real breaker). */
  readonly risk?: RiskPort | ((clock: ManualClock, logger: Logger) => RiskPort);
  readonly markets?: readonly MarketPair[];
  readonly polySettlementLagMs?: number;
  /** Polymarket lookups answer `unknown` (JSON null) for this long after placement. */
  readonly polyLookupNullMs?: number;
  /** Durable record the supervisor writes to (default: none). */
  readonly journal?: Journal;
  /** Wraps a venue adapter (fault injection around the simulated venue). */
  readonly wrap?: (venue: Venue, adapter: VenueAdapter) => VenueAdapter;
}

/** Builds the harness. */
export function testEngine(opts: TestEngineOptions = {}) {
  const clock = new ManualClock();
  const kalshi = new SimulatedVenue({ venue: 'kalshi', clock, seed: 1 });
  const polymarket = new SimulatedVenue({
    venue: 'polymarket',
    clock,
    seed: 2,
    settlementLagMs: opts.polySettlementLagMs ?? 0,
    lookupNullMs: opts.polyLookupNullMs ?? 0
  });
  const logs: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg: string): void => {
      logs.push({ level, msg, obj });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error')
  };
  const markets = opts.markets ?? [testMarket(1), testMarket(2), testMarket(3)];
  const supervisor = new ExecutionSupervisor({
    markets,
    venues: {
      kalshi: opts.wrap ? opts.wrap('kalshi', kalshi) : kalshi,
      polymarket: opts.wrap ? opts.wrap('polymarket', polymarket) : polymarket
    },
    clock,
    logger,
    idPrefix: 't-',
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.journal ? { journal: opts.journal } : {}),
    ...(opts.risk
      ? { risk: typeof opts.risk === 'function' ? opts.risk(clock, logger) : opts.risk }
      : {})
  });
  const results: ExecutionResult[] = [];
  const fills: FillRecord[] = [];
  /** Manual-clock time (ms) at which each result was delivered, by execution id. */
  const resultAt = new Map<string, number>();
  supervisor.results$.subscribe((r) => {
    results.push(r);
    resultAt.set(r.executionId, clock.nowMs());
  });
  supervisor.fills$.subscribe((f) => fills.push(f));
  const venues: Record<Venue, SimulatedVenue> = { kalshi, polymarket };

  /** An opportunity: prices in cents, sizes in contracts. */
  const opp = (
    marketId: number,
    arbType: ArbType,
    yesCents: number,
    noCents: number,
    yesContracts = 10,
    noContracts = yesContracts
  ): FastExecutionRequest => ({
    marketId,
    arbType,
    yesPrice: cents(yesCents),
    noPrice: cents(noCents),
    yesSize: contracts(yesContracts),
    noSize: contracts(noContracts),
    detectedNs: clock.nowNs()
  });

  /** Puts `qty` contracts of asks at `priceCents` (and optional bids) on a venue's book. */
  const book = (
    venue: Venue,
    marketId: number,
    side: Side,
    asks: readonly [priceCents: number, qty: number][],
    bids: readonly [priceCents: number, qty: number][] = []
  ): void => {
    venues[venue].setBook(marketId, side, {
      asks: asks.map(([p, q]) => ({ price: cents(p), qty: contracts(q) })),
      bids: bids.map(([p, q]) => ({ price: cents(p), qty: contracts(q) }))
    });
  };

  return {
    clock,
    supervisor,
    venues,
    kalshi,
    polymarket,
    results,
    resultAt,
    fills,
    logs,
    opp,
    book
  };
}

/** The harness type. */
export type TestEngine = ReturnType<typeof testEngine>;

/** A risk port that blocks or caps as told, recording what it was told. */
export function scriptedRisk(
  verdict: Partial<{
    blocked: RiskPort extends never ? never : 'blacklisted' | 'cooldown' | 'circuit_breaker' | null;
    capacity: Qty;
    detail: string;
  }>
): RiskPort & { fills: FillRecord[]; results: ExecutionResult[] } {
  const fills: FillRecord[] = [];
  const results: ExecutionResult[] = [];
  return {
    fills,
    results,
    assess: () => ({
      blocked: verdict.blocked ?? null,
      capacity: verdict.capacity ?? asQty(Number.MAX_SAFE_INTEGER),
      ...(verdict.detail !== undefined ? { detail: verdict.detail } : {})
    }),
    onFill: (f) => fills.push(f),
    onResult: (r) => results.push(r)
  };
}
