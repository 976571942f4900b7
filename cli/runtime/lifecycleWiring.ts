/**
 * A run follows its markets to their end: the market watch reads each market's state on both
 * venues (at start and every `pollMs`), holds a market from `guardMs` before its close, and
 * hands every resolution to the settler, which records the settlement (in the ledger when there
 * is one) and applies its closing fills to the breaker and the books, so the limits free up.
 */
import type { CircuitBreaker } from '../../actors/circuitBreaker/index.js';
import { MarketWatch, type MarketStateRead } from '../../actors/lifecycle/marketWatch.js';
import { Settler, type VenuePaid } from '../../actors/lifecycle/settler.js';
import type { TradingHold } from '../../actors/tradingState/index.js';
import type { Ledger } from '../../adapters/ledger/index.js';
import type { Clock, FillRecord, Logger, MarketPair, Venue } from '../../core/index.js';

/** What a run needs to follow its markets' lives. */
export interface LifecycleOptions {
  readonly markets: readonly MarketPair[];
  readonly read: MarketStateRead;
  readonly venuePaid?: Partial<Record<Venue, VenuePaid>>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly breaker: CircuitBreaker;
  readonly inFlight: (marketId: number) => boolean;
  /** The ledger, when the run keeps one: settlements are recorded there first. */
  readonly ledger?: Ledger;
  /** Every other consumer of fills (position book, metrics, the ledger's change hook). */
  readonly onFill: (fill: FillRecord) => void;
  readonly pollMs: number;
  readonly guardMs: number;
  /** The venues redeem winnings themselves (paper venues). */
  readonly autoRedeem?: boolean;
}

/** The running lifecycle: its market holds, and a stop. */
export interface Lifecycle {
  holds(): TradingHold[];
  /** Whether a venue has resolved the market (its current cycle). */
  resolved(marketId: number): boolean;
  /** Resolutions waiting to be settled. */
  waiting(): number;
  stop(): void;
}

/** Starts the watch (its first pass is awaited: entries wait for proof a market is open). */
export async function startLifecycle(o: LifecycleOptions): Promise<Lifecycle> {
  const recorded = new Set<string>();
  const settler = new Settler({
    clock: o.clock,
    log: o.log,
    holdings: (id) => o.breaker.holdings(id),
    inFlight: o.inFlight,
    record: ({ settlement: s, fills }) => {
      if (o.ledger) return o.ledger.recordSettlement(s, fills);
      const key = `${s.marketId}:${s.venue}:${s.closeWallMs}`;
      if (recorded.has(key)) return false;
      recorded.add(key);
      return true;
    },
    apply: (f) => {
      o.breaker.onFill(f);
      o.onFill(f);
    },
    ...(o.venuePaid ? { venuePaid: o.venuePaid } : {}),
    ...(o.autoRedeem ? { autoRedeem: true } : {})
  });
  const watch = new MarketWatch({
    markets: o.markets,
    read: o.read,
    clock: o.clock,
    log: o.log,
    pollMs: o.pollMs,
    guardMs: o.guardMs,
    onResolved: (m, s) => settler.onResolved(m, s),
    onPass: () => void settler.retry()
  });
  await watch.start();
  return {
    holds: () => watch.holds(),
    resolved: (id) =>
      watch.stateOf(id, 'kalshi')?.phase === 'resolved' ||
      watch.stateOf(id, 'polymarket')?.phase === 'resolved',
    waiting: () => settler.waiting(),
    stop: () => watch.stop()
  };
}
