/**
 * `twinleg status`: breaker state (halts, blacklist, daily P&L), open exposure and unfinished
 * executions, from the ledger.
 */
import { Command } from 'commander';
import { CircuitBreaker, type BreakerStatus } from '../../actors/circuitBreaker/index.js';
import { NanoClock } from '../../actors/nanoClock.js';
import {
  describeTradingState,
  tradingStateOf,
  type TradingState
} from '../../actors/tradingState/index.js';
import { lockHolder, type Ledger } from '../../adapters/ledger/index.js';
import { readPublishedTrading, type PublishedTrading } from '../runtime/tradingFile.js';
import { formatQty, formatUsd, marketRegistry } from '../../core/index.js';
import { effectiveConfig, loadMarkets } from '../context.js';
import { openLedger } from '../ledger.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { renderTable } from '../table.js';
import { requireDb } from './positions.js';

const when = (ms: number | null): string =>
  ms === null ? 'until resumed' : new Date(ms).toISOString();

/**
 * The breaker as a run would restore it: positions and the day's P&L replayed from the ledger
 * (the one truth), halts and blacklists from its saved snapshot (null when none is saved).
 */
function breakerFromLedger(ledger: Ledger, state: unknown, o: CommonOptions): BreakerStatus | null {
  if (state == null) return null;
  const { config } = effectiveConfig(o);
  const breaker = new CircuitBreaker({ clock: new NanoClock(), config: config.breaker });
  breaker.restoreFromLedger({ fills: ledger.fills(), results: ledger.executions() }, state);
  return breaker.status();
}

/** The running engine's published state, when a live writer holds this ledger. */
function runningEngine(db: string): (PublishedTrading & { readonly host: string }) | null {
  const holder = lockHolder(db);
  const pub = holder ? readPublishedTrading(db) : undefined;
  return holder && pub && pub.pid === holder.pid ? { ...pub, host: holder.host } : null;
}

function printRunning(r: ReturnType<typeof runningEngine>): void {
  if (!r) {
    console.log('engine: not running on this ledger');
    return;
  }
  const since = new Date(r.sinceWallMs).toISOString();
  const why = r.reasons.length ? `: ${r.reasons.join('; ')}` : '';
  console.log(`engine: running (pid ${r.pid}), ${r.mode}${why} since ${since}`);
  for (const h of r.marketHolds)
    console.log(`  market ${String(h.marketId)} held (${h.kind}): ${h.detail}`);
}

function printTrading(t: TradingState): void {
  console.log(`trading: ${describeTradingState(t)}`);
  console.log(
    `capacity: ${formatQty(t.contracts.used)} of ${formatQty(t.contracts.limit)} contracts used, ${formatQty(t.contracts.left)} left; ${formatUsd(t.dollarsAtRisk.used)} of ${formatUsd(t.dollarsAtRisk.limit)} at risk, ${formatUsd(t.dollarsAtRisk.left)} left`
  );
}

function printBreaker(b: BreakerStatus | null): void {
  if (!b) {
    console.log('breaker: no saved state in the ledger');
    return;
  }
  console.log(
    `breaker: ${b.enabled ? 'enabled' : 'DISABLED'}, ${b.halted ? `HALTED (${b.reason ?? '?'})` : 'not halted'}`
  );
  console.log(
    `consecutive errors: ${b.consecutiveErrors} of ${b.config.maxConsecutiveErrors}; trips: ${b.trips}`
  );
  console.log(
    `daily P&L: ${formatUsd(b.dailyPnl)} (limit -${formatUsd(b.config.maxDailyLoss)})${b.dailyLimitHit ? ' LIMIT HIT' : ''}`
  );
  console.log(
    b.halts.length === 0
      ? 'halts: none'
      : renderTable(
          ['halt', 'detail', 'until'],
          b.halts.map((h) => [h.kind, h.detail, when(h.untilWallMs)])
        )
  );
  console.log(
    b.blacklist.length === 0
      ? 'blacklist: none'
      : renderTable(
          ['blacklisted market', 'until', 'remaining s'],
          b.blacklist.map((x) => [
            String(x.marketId),
            when(x.untilWallMs),
            String(Math.ceil(x.remainingMs / 1000))
          ])
        )
  );
}

/** The `status` command. */
export function statusCommand(): Command {
  const cmd = new Command('status').description(
    'print breaker state, halts, blacklist, open exposure and unfinished executions from the ledger'
  );
  addCommonOptions(cmd, { db: true }).option('--json', 'print JSON instead of text');
  return cmd.action(async (o: CommonOptions & { json?: boolean }) => {
    const db = requireDb(o);
    const { config } = effectiveConfig(o);
    const { markets } = loadMarkets(config, false);
    const ledger = await openLedger(db, { clock: new NanoClock(), readonly: true });
    try {
      const recovery = ledger.recover(marketRegistry(markets));
      const breaker = breakerFromLedger(ledger, recovery.breakerState, o);
      const trading = breaker ? tradingStateOf(breaker) : null;
      const running = runningEngine(db);
      const summary = ledger.summary();
      const unfinished = ledger.executions({ unfinishedOnly: true, limit: 50 });
      if (o.json) {
        console.log(
          JSON.stringify(
            {
              running,
              trading,
              breaker,
              breakerState: recovery.breakerState,
              summary,
              unfinished
            },
            null,
            2
          )
        );
        return;
      }
      printRunning(running);
      if (trading) printTrading(trading);
      printBreaker(breaker);
      console.log(
        `P&L: realized ${formatUsd(summary.realizedPnl)}, locked-in ${formatUsd(summary.lockedInPnl)} (paid at resolution); unhedged ${formatQty(summary.openExposure)} contracts${summary.awaitingRedemption > 0 ? `; awaiting redemption ${formatUsd(summary.awaitingRedemption)}` : ''}`
      );
      console.log(
        `executions: ${summary.executions}, unfinished: ${summary.unfinished}, fills: ${summary.fills}`
      );
      if (unfinished.length > 0) {
        const cols = ['executionId', 'marketId', 'arbType', 'startedWallMs'] as const;
        console.log(
          renderTable(
            cols,
            unfinished.map((e) =>
              cols.map((c) =>
                e[c] === undefined
                  ? ''
                  : typeof e[c] === 'object'
                    ? JSON.stringify(e[c])
                    : String(e[c])
              )
            )
          )
        );
      }
    } finally {
      ledger.close();
    }
  });
}
