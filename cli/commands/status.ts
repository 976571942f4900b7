/**
 * `twinleg status`: breaker state (halts, blacklist, daily P&L), open exposure and unfinished
 * executions, from the ledger.
 */
import { Command } from 'commander';
import { CircuitBreaker, type BreakerStatus } from '../../actors/circuitBreaker/index.js';
import { NanoClock } from '../../actors/nanoClock.js';
import { formatQty, formatUsd, marketRegistry } from '../../core/index.js';
import { effectiveConfig, loadMarkets } from '../context.js';
import { openLedger } from '../ledger.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { renderTable } from '../table.js';
import { requireDb } from './positions.js';

const when = (ms: number | null): string =>
  ms === null ? 'until resumed' : new Date(ms).toISOString();

/** The breaker's status with the ledger's saved state restored (null when none or invalid). */
function breakerFromState(state: unknown, o: CommonOptions): BreakerStatus | null {
  if (state == null) return null;
  const { config } = effectiveConfig(o);
  const breaker = new CircuitBreaker({ clock: new NanoClock(), config: config.breaker });
  return breaker.restore(state) ? breaker.status() : null;
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
      const breaker = breakerFromState(recovery.breakerState, o);
      const summary = ledger.summary();
      const unfinished = ledger.executions({ unfinishedOnly: true, limit: 50 });
      if (o.json) {
        console.log(
          JSON.stringify(
            { breaker, breakerState: recovery.breakerState, summary, unfinished },
            null,
            2
          )
        );
        return;
      }
      printBreaker(breaker);
      console.log(`open exposure: ${formatQty(summary.openExposure)} contracts`);
      console.log(
        `executions: ${summary.executions}, unfinished: ${summary.unfinished}, fills: ${summary.fills}, realized P&L ${formatUsd(summary.realizedPnl)}`
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
