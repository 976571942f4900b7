/**
 * A run's account watch (live mode): each venue's cash read at start and every
 * `balances.intervalMs` (the size of an execution capped by what each venue pays for, a global
 * `balance_low` hold below `balances.minimumMicros`), and the reconciliation of the ledger's
 * positions with the venues' at start and every `reconcile.intervalMs` (a `reconciliation`
 * hold per market that differs, released when it agrees again or is acknowledged in the side
 * file next to `--db`). The holds go to the trading watch (logged once, `status`, inspector,
 * metrics) and to the risk port in front of the breaker. Paper mode skips both: the
 * simulated venues start empty on every run while a ledger keeps positions across runs (every
 * such market would differ), and they hold no cash.
 */
import type { Registry } from 'prom-client';
import { accountRisk, BalanceBook, Reconciler } from '../../actors/account/index.js';
import type { CircuitBreaker } from '../../actors/circuitBreaker/index.js';
import type { TradingHold } from '../../actors/tradingState/index.js';
import { registerAccountGauges } from '../../adapters/metrics/accountGauges.js';
import {
  formatUsd,
  type Clock,
  type Logger,
  type MarketPair,
  type Micros,
  type RiskPort,
  type TimerHandle,
  type Venue
} from '../../core/index.js';
import type { TwinlegConfig } from '../config/schema.js';
import { isKalshiAccount, liveAccountReads, type AccountReads } from './accountReads.js';
import { acksPath, readAcks } from './reconcileAcks.js';

/** The account watch of a run. */
export interface AccountWatch {
  /** The breaker with the holds and balance caps in front of it. */
  readonly risk: RiskPort;
  /** Balance and reconciliation holds now (for the trading watch). */
  readonly holds: () => readonly TradingHold[];
  /** Reads balances and runs the first reconciliation; then both on their intervals. */
  start(): Promise<void>;
  /** One reconciliation pass now (acknowledgements re-read). */
  reconcileNow(): Promise<void>;
  /** Reads the balances now. */
  readBalances(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link wireAccounts}. */
export interface AccountWiringOptions {
  readonly live: boolean;
  readonly config: TwinlegConfig;
  readonly markets: readonly MarketPair[];
  readonly clock: Clock;
  readonly log: Logger;
  readonly breaker: CircuitBreaker;
  /** The run's venues (live: the Kalshi adapter's reads are reused). */
  readonly venues: { readonly kalshi: unknown };
  readonly inFlight: (marketId: number) => boolean;
  /** Markets resolved and not redeemed: not reconciled (see `Reconciler`). */
  readonly resolved?: (marketId: number) => boolean;
  /** Called when a hold changes (the trading watch's `poke`). */
  readonly poke: () => void;
  readonly registry?: Registry;
  /** Replaces the live reads (tests). */
  readonly reads?: AccountReads;
  /**
   * Holds placed elsewhere (a market closing soon, …): answered by the same risk port and
   * returned by `holds` beside the account's own, in paper mode too.
   */
  readonly otherHolds?: () => readonly TradingHold[];
}

/** Builds the account watch; nothing is read before {@link AccountWatch.start}. */
export async function wireAccounts(o: AccountWiringOptions): Promise<AccountWatch> {
  const other = o.otherHolds ?? ((): readonly TradingHold[] => []);
  if (!o.live && !o.reads) {
    return {
      risk: o.otherHolds ? accountRisk(o.breaker, { holds: other }) : o.breaker,
      holds: other,
      start: () => {
        o.log.info(
          {},
          'reconcile: paper mode: reconciliation and balance checks run against live venues only; skipped'
        );
        return Promise.resolve();
      },
      reconcileNow: () => Promise.resolve(),
      readBalances: () => Promise.resolve(),
      close: () => Promise.resolve()
    };
  }
  const reads =
    o.reads ??
    (await liveAccountReads({
      config: o.config,
      markets: o.markets,
      clock: o.clock,
      log: o.log,
      ...(isKalshiAccount(o.venues.kalshi) ? { kalshi: o.venues.kalshi } : {})
    }));
  const book = new BalanceBook(o.config.balances.minimumMicros, o.log);
  const db = o.config.paths.db;
  const reconciler = new Reconciler({
    clock: o.clock,
    log: o.log,
    marketIds: o.markets.map((m) => m.marketId),
    ledger: (id) => o.breaker.holdings(id),
    inFlight: o.inFlight,
    ...(o.resolved ? { resolved: o.resolved } : {}),
    reads: reads,
    ...(db ? { acks: () => readAcks(acksPath(db), o.log) } : {}),
    intervalMs: o.config.reconcile.intervalMs,
    onChange: o.poke
  });
  const holds = (): TradingHold[] => [...book.holds(), ...reconciler.holds(), ...other()];
  if (o.registry)
    registerAccountGauges(o.registry, () => ({
      differences: reconciler.differences(),
      balances: { kalshi: book.lastRead('kalshi'), polymarket: book.lastRead('polymarket') }
    }));
  let timer: TimerHandle;
  let closed = false;
  const readCash = async (): Promise<void> => {
    for (const v of ['kalshi', 'polymarket'] as const satisfies readonly Venue[]) {
      const read = reads.cash[v];
      if (!read) continue;
      try {
        const cash: Micros = await read();
        const first = book.lastRead(v) === null;
        book.set(v, cash);
        if (first) o.log.info({ venue: v, balance: cash }, `balances: ${v} ${formatUsd(cash)}`);
      } catch (err) {
        o.log.warn({ err, venue: v }, `balances: ${v} balance unreadable (last known kept)`);
      }
    }
    o.poke();
  };
  const cashLoop = (): void => {
    if (closed || o.config.balances.intervalMs <= 0) return;
    timer = o.clock.setTimeout(() => {
      void readCash().finally(cashLoop);
    }, o.config.balances.intervalMs);
  };
  return {
    risk: accountRisk(o.breaker, { holds, balances: book }),
    holds,
    start: async () => {
      await readCash();
      cashLoop();
      await reconciler.start();
      const n = reconciler.holds().length;
      o.log.info(
        { held: n, differences: reconciler.differences() },
        `reconcile: ${o.markets.length} markets compared with the venues, ${n} held`
      );
    },
    reconcileNow: async () => {
      await reconciler.pass();
    },
    readBalances: readCash,
    close: async () => {
      closed = true;
      o.clock.clearTimeout(timer);
      reconciler.close();
      await reads.close();
    }
  };
}
