/**
 * `twinleg reconcile --db <db>`: the ledger's positions per market against what the
 * configured venues report (Kalshi `GET /portfolio/positions`, Polymarket
 * `GET /balance-allowance` per token), per venue and side with both numbers and the
 * difference; `--json` for machines. The ledger is opened read-only (no lock: it works while
 * a run holds it); credentials load as for `run --live`. `--ack <marketId>` accepts that
 * market's current difference: it is appended to `<db>.acks.jsonl`, which a running
 * reconciler reads each pass (the hold is lifted while the difference stays the same).
 */
import { Command } from 'commander';
import { NanoClock } from '../../actors/nanoClock.js';
import {
  applyHoldingFill,
  formatQty,
  NO_HOLDINGS,
  SILENT_LOGGER,
  ZERO_QTY,
  type Qty,
  type VenueHoldings
} from '../../core/index.js';
import {
  differenceCounts,
  reconcileMarkets,
  sameOffset,
  type MarketReconciliation,
  type ReconcileLine,
  type ReportedHoldings
} from '../../core/reconcile.js';
import { effectiveConfig, loadMarkets } from '../context.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';
import { openLedger } from '../ledger.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { liveAccountReads } from '../runtime/accountReads.js';
import { acksPath, appendAck, readAcks } from '../runtime/reconcileAcks.js';
import { renderTable } from '../table.js';
import { requireDb } from './positions.js';

interface ReconcileOptions extends CommonOptions {
  readonly json?: boolean;
  readonly ack?: string;
}

const qty = (q: Qty | null, signed = false): string =>
  q === null ? '?' : signed && q > 0 ? `+${formatQty(q)}` : formatQty(q);

function status(m: MarketReconciliation, acked: VenueHoldings | undefined): string {
  if (m.skipped === 'in_flight') return 'unfinished execution (skipped)';
  if (m.skipped === 'resolved') return 'resolved, awaiting redemption (skipped)';
  if (m.lines.some((l) => l.venueQty === null))
    return m.differs ? 'DIFFERS (partly unknown)' : 'unknown';
  if (!m.differs) return 'ok';
  return acked && sameOffset(acked, m.offset) ? 'differs (acknowledged)' : 'DIFFERS';
}

function row(m: MarketReconciliation, l: ReconcileLine, st: string): string[] {
  const net = l.side === 'net';
  return [
    String(m.marketId),
    `${l.venue} ${l.side}`,
    qty(l.ledger, net),
    qty(l.venueQty, net),
    qty(l.difference, true),
    st
  ];
}

/** The `reconcile` command. */
export function reconcileCommand(): Command {
  const cmd = new Command('reconcile').description(
    "compare the ledger's positions with the venues' own, per market, venue and side (read-only)"
  );
  addCommonOptions(cmd, { db: true })
    .option('--json', 'print JSON instead of a table')
    .option(
      '--ack <marketId>',
      "accept this market's current difference (a running reconciler releases its hold)"
    );
  return cmd.action(async (o: ReconcileOptions) => {
    const db = requireDb(o);
    const ackId = o.ack === undefined ? undefined : Number(o.ack);
    if (ackId !== undefined && !(Number.isInteger(ackId) && ackId >= 0))
      throw new CliError(
        `--ack ${o.ack}: not a market id`,
        'give the marketId of the markets file',
        EXIT.usage
      );
    const { config } = effectiveConfig(o);
    const { markets } = loadMarkets(config, true);
    const clock = new NanoClock();
    const ledger = await openLedger(db, { clock, readonly: true });
    const held = new Map<number, VenueHoldings>();
    const unfinished = new Set<number>();
    const resolved = new Set<number>();
    try {
      for (const s of ledger.settlements())
        if (s.venue === 'polymarket' && !s.redeemed) resolved.add(s.marketId);
      for (const f of ledger.fills())
        held.set(f.marketId, applyHoldingFill(held.get(f.marketId) ?? NO_HOLDINGS, { ...f }));
      for (const e of ledger.executions({ unfinishedOnly: true })) unfinished.add(e.marketId);
    } finally {
      ledger.close();
    }
    const reads = await liveAccountReads({ config, markets, clock, log: SILENT_LOGGER });
    let kalshi: ReadonlyMap<number, Qty> | null = null;
    let poly: ReadonlyMap<number, { yes: Qty; no: Qty }> | null = null;
    const errors: string[] = [];
    try {
      const [k, p] = await Promise.allSettled([reads.kalshi?.(), reads.polymarket?.()]);
      if (k.status === 'fulfilled' && k.value) kalshi = k.value;
      else if (k.status === 'rejected')
        errors.push(`kalshi: ${String((k.reason as Error).message)}`);
      if (p.status === 'fulfilled' && p.value) poly = p.value;
      else if (p.status === 'rejected')
        errors.push(`polymarket: ${String((p.reason as Error).message)}`);
    } finally {
      await reads.close();
    }
    const reported = (id: number): ReportedHoldings => ({
      kalshiNet: kalshi ? (kalshi.get(id) ?? ZERO_QTY) : null,
      poly: poly ? (poly.get(id) ?? { yes: ZERO_QTY, no: ZERO_QTY }) : null
    });
    const result = reconcileMarkets({
      marketIds: markets.map((m) => m.marketId),
      ledger: (id) => held.get(id),
      reported,
      inFlight: (id) => unfinished.has(id),
      resolved: (id) => resolved.has(id)
    });
    const acks = readAcks(acksPath(db));
    if (ackId !== undefined) {
      const m = result.find((r) => r.marketId === ackId);
      if (!m)
        throw new CliError(
          `--ack ${ackId}: no such market in ${config.paths.markets ?? 'the markets file'}`,
          'give a marketId of the markets file',
          EXIT.usage
        );
      if (m.skipped || !m.differs || m.lines.some((l) => l.venueQty === null))
        throw new CliError(
          `--ack ${ackId}: nothing to acknowledge (${status(m, acks.get(ackId))})`,
          'acknowledge a market whose difference is shown as DIFFERS, with both venues readable',
          EXIT.failure
        );
      appendAck(acksPath(db), ackId, m.offset, Date.now());
      acks.set(ackId, m.offset);
    }
    const counts = differenceCounts(result);
    if (o.json) {
      console.log(
        JSON.stringify(
          {
            units: { quantity: 'micro-contracts' },
            markets: result.map((m) => ({ ...m, status: status(m, acks.get(m.marketId)) })),
            differences: counts,
            errors
          },
          null,
          2
        )
      );
      return;
    }
    const rows = result.flatMap((m) =>
      m.lines.map((l) => row(m, l, status(m, acks.get(m.marketId))))
    );
    console.log(
      renderTable(['market', 'venue side', 'ledger', 'venue', 'difference', 'status'], rows)
    );
    for (const e of errors) console.log(`unreadable (unknown, not 0): ${e}`);
    if (ackId !== undefined) console.log(`acknowledged market ${ackId} in ${acksPath(db)}`);
    console.log(`differences: kalshi ${counts.kalshi}, polymarket ${counts.polymarket}`);
  });
}
