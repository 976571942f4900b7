/**
 * The campaign's table and verdict: the figures that must be 0 (and the two checks that must
 * pass), then the context and the details of anything found.
 */
import { formatQty } from '../../core/index.js';
import type { CampaignReport } from './reportTypes.js';

/** One row of the table. */
export interface Figure {
  readonly name: string;
  readonly value: string;
  /** Null: context only. */
  readonly ok: boolean | null;
}

/** The figures of a report. */
export function figures(r: CampaignReport): Figure[] {
  const f = r.fills;
  const x = r.exposure;
  const kills = r.cycles.filter((c) => c.ended === 'SIGKILL').length;
  const startup = r.cycles.filter((c) => c.ended === 'SIGKILL' && !c.ready).length;
  const selfExits = r.cycles.filter((c) => c.ended !== 'SIGKILL');
  const faults = r.cycles.reduce((n, c) => n + c.faults.length, 0);
  const unclosable = x.markets.filter((m) => m.unclosable);
  const zero = (name: string, n: number, value = String(n)): Figure => ({
    name,
    value,
    ok: n === 0
  });
  return [
    {
      name: 'SIGKILL cycles (of asked)',
      value: `${kills} (of ${r.cyclesAsked}; ${startup} before the engine held the ledger)`,
      ok: null
    },
    zero(
      'crash cycles the engine ended by itself',
      selfExits.length,
      selfExits.map((c) => `#${c.index} ${c.ended}`).join(', ') || '0'
    ),
    { name: 'venue faults injected', value: String(faults), ok: null },
    { name: 'executions in the ledger', value: String(r.executions), ok: null },
    {
      name: 'venue orders (Kalshi / Polymarket)',
      value: `${r.venueOrders.kalshi} / ${r.venueOrders.polymarket}`,
      ok: null
    },
    { name: 'venue fills / ledger fills', value: `${f.venueFills} / ${f.ledgerFills}`, ok: null },
    zero('lost fills', f.lost.length),
    zero('doubled fills', f.doubled.length),
    zero('phantom fills', f.phantom.length),
    zero('fills with another quantity', f.qtyDiffers.length),
    {
      name: 'executions order_unresolved / unfinished',
      value: `${r.unresolved.unresolved} / ${r.unresolved.unfinished}`,
      ok: null
    },
    zero('unresolved with orders never at the venue', r.unresolved.neverAtVenue.length),
    zero('markets breaker ≠ ledger (engine at exit)', r.breaker.savedVsLedger.length),
    zero('markets breaker ≠ ledger (restored as the CLI does)', r.breaker.mismatches.length),
    zero(
      'markets restored breaker ≠ ledger after kills',
      r.kills.reduce((n, k) => n + k.mismatches, 0)
    ),
    {
      name: 'saved snapshot ≠ ledger after kills (crash window)',
      value: String(r.kills.reduce((n, k) => n + k.savedVsLedger, 0)),
      ok: null
    },
    zero(
      'real unhedged contracts (closable)',
      x.unhedgedContracts,
      `${formatQty(x.unhedgedContracts)} in ${x.markets.filter((m) => !m.unclosable && m.exposure !== 0).length} market(s)`
    ),
    {
      name: 'unhedged the venue could not close',
      value:
        unclosable.length === 0
          ? '0'
          : `${formatQty(x.unclosableContracts)} (markets ${unclosable.map((m) => m.marketId).join(', ')})`,
      ok: null
    },
    {
      name: 'second run on the ledger: exit 5',
      value: r.lock ? `exit ${r.lock.exitCode ?? '?'}` : 'not run',
      ok: r.lock?.ok ?? false
    },
    {
      name: 'clean run stops by itself (exit 0)',
      value: `${r.clean.ended}, ${(r.clean.ms / 1000).toFixed(1)} s`,
      ok: r.clean.quiesced
    }
  ];
}

/** Whether every checked figure passed. */
export function passed(r: CampaignReport): boolean {
  return figures(r).every((f) => f.ok !== false);
}

/** The table as text. */
export function table(r: CampaignReport): string {
  const rows = figures(r);
  const selfExits = r.cycles.filter((c) => c.ended !== 'SIGKILL');
  const w = Math.max(...rows.map((x) => x.name.length));
  const mark = (ok: boolean | null) => (ok === null ? ' ' : ok ? '✓' : '✗');
  const lines = rows.map((x) => `${mark(x.ok)} ${x.name.padEnd(w)}  ${x.value}`);
  const details: string[] = [];
  const list = (title: string, items: readonly unknown[]) => {
    if (items.length === 0) return;
    details.push(`${title} (${items.length}):`);
    for (const it of items.slice(0, 10)) details.push(`  ${JSON.stringify(it)}`);
    if (items.length > 10) details.push(`  … ${items.length - 10} more in --json`);
  };
  list(
    'crash cycles the engine ended by itself',
    selfExits.map((c) => ({ cycle: c.index, ended: c.ended, reason: c.reason ?? '' }))
  );
  list('lost fills', r.fills.lost);
  list('doubled fills', r.fills.doubled);
  list('phantom fills', r.fills.phantom);
  list('fills with another quantity', r.fills.qtyDiffers);
  list('unresolved with orders never at the venue', r.unresolved.neverAtVenue);
  list('breaker at exit ≠ ledger', r.breaker.savedVsLedger);
  list('breaker restored as the CLI does ≠ ledger', r.breaker.mismatches);
  const exposure = r.exposure.markets.map((m) => ({
    market: m.marketId,
    kalshiNet: formatQty(m.venue.kalshiNet),
    polyYes: formatQty(m.venue.polyYes),
    polyNo: formatQty(m.venue.polyNo),
    venueExposure: formatQty(m.exposure),
    ledgerExposure: formatQty(m.ledgerExposure),
    unclosable: m.unclosable
  }));
  list('markets with exposure (venues vs ledger)', exposure);
  if (r.lock && !r.lock.ok) details.push(`second run said: ${r.lock.message}`);
  if (!r.clean.quiesced) details.push(`clean run: ${r.clean.ended} ${r.clean.reason ?? ''}`);
  return [
    `crash campaign: seed ${r.seed}, ${r.markets} markets, ${(r.wallMs / 1000).toFixed(0)} s, files in ${r.dir}`,
    ...lines,
    ...(details.length ? ['', ...details] : [])
  ].join('\n');
}
