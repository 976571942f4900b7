/**
 * `twinleg positions`: positions, exposure and P&L per market from the ledger.
 */
import { Command } from 'commander';
import { NanoClock } from '../../actors/nanoClock.js';
import type { LedgerSettlement } from '../../adapters/ledger/index.js';
import { addMicros, formatQty, formatUsd, ZERO_MICROS, type Micros } from '../../core/index.js';
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

/** What the settlements paid, and what still waits for an on-chain redemption. */
function settlementLines(list: readonly LedgerSettlement[], awaiting: Micros): string {
  const paid = list.filter((x) => x.redeemed).reduce((t, x) => addMicros(t, x.payout), ZERO_MICROS);
  const lines = [`settlements: ${list.length}, paid ${formatUsd(paid)}`];
  if (awaiting > 0)
    lines.push(
      `awaiting redemption: ${formatUsd(awaiting)} of Polymarket winnings (redeem the winning tokens on chain: polymarket.com portfolio "Claim", or the CTF redeemPositions call)`
    );
  return lines.join('\n');
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
        formatUsd(p.lockedInPnl),
        formatUsd(p.unhedgedCost),
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
                'realized',
                'locked-in',
                'unhedged cost',
                'fees'
              ],
              rows
            )
      );
      console.log('');
      console.log(
        `total: ${s.executions} executions (${s.unfinished} unfinished), ${s.fills} fills, realized P&L ${formatUsd(s.realizedPnl)}, locked-in ${formatUsd(s.lockedInPnl)} (paid at resolution), fees ${formatUsd(s.fees)}, unhedged ${formatQty(s.openExposure)} contracts`
      );
      const settled = ledger.settlements();
      if (settled.length > 0) console.log(settlementLines(settled, s.awaitingRedemption));
    } finally {
      ledger.close();
    }
  });
}
