/**
 * `twinleg positions`: positions, exposure and P&L per market from the ledger.
 */
import { Command } from 'commander';
import { NanoClock } from '../../actors/nanoClock.js';
import { formatQty, formatUsd } from '../../core/index.js';
import { effectiveConfig } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { openLedger } from '../ledger.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { renderTable } from '../table.js';

/** The ledger file of a read-only command (`--db`, `TWINLEG_PATHS_DB` or the config file). */
export function requireDb(o: CommonOptions): string {
  const db = effectiveConfig(o).config.paths.db;
  if (!db)
    throw new CliError(
      'no ledger given',
      'pass --db <path> (or set paths.db in the config, or TWINLEG_PATHS_DB)',
      EXIT.usage
    );
  return db;
}

/** The `positions` command. */
export function positionsCommand(): Command {
  const cmd = new Command('positions').description(
    'print positions, exposure and P&L per market from the ledger'
  );
  addCommonOptions(cmd, { db: true }).option('--json', 'print JSON instead of a table');
  return cmd.action(async (o: CommonOptions & { json?: boolean }) => {
    const ledger = await openLedger(requireDb(o), { clock: new NanoClock(), readonly: true });
    try {
      const positions = ledger.positions();
      const s = ledger.summary();
      if (o.json) {
        console.log(
          JSON.stringify(
            {
              units: { money: 'micro-dollars', quantity: 'micro-contracts' },
              positions,
              summary: s
            },
            null,
            2
          )
        );
        return;
      }
      const rows = positions.map((p) => [
        `${p.marketId} ${p.pairId}`,
        formatQty(p.held['kalshi:yes']),
        formatQty(p.held['kalshi:no']),
        formatQty(p.held['polymarket:yes']),
        formatQty(p.held['polymarket:no']),
        formatQty(p.exposure),
        formatUsd(p.costBasis),
        formatUsd(p.realizedPnl),
        formatUsd(p.fees)
      ]);
      console.log(
        positions.length === 0
          ? 'no positions'
          : renderTable(
              [
                'market',
                'K yes',
                'K no',
                'P yes',
                'P no',
                'exposure',
                'cost basis',
                'realized P&L',
                'fees'
              ],
              rows
            )
      );
      console.log('');
      console.log(
        `total: ${s.executions} executions (${s.unfinished} unfinished), ${s.fills} fills, realized P&L ${formatUsd(s.realizedPnl)}, fees ${formatUsd(s.fees)}, open exposure ${formatQty(s.openExposure)} contracts`
      );
    } finally {
      ledger.close();
    }
  });
}
