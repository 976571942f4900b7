/**
 * The replay report as one self-contained HTML page: inline CSS and SVG, no scripts, no
 * external resources — it opens offline. Every tile says what its number counts.
 */
import { asMicros, formatQty, formatUsd } from '../../core/index.js';
import type { ReplayReport } from './collector.js';
import { closesTable, fillsTable, mismatchesTable, table } from './htmlTables.js';
import { formatDurationMs } from './stats.js';
import { esc, histogramChart, lineChart } from './svg.js';

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;padding:0 24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ddd;padding:3px 7px;font-size:13px;text-align:right;white-space:nowrap}th{background:#f6f8fa;white-space:normal;vertical-align:bottom}
td:first-child,th:first-child{text-align:left}.kpi{display:flex;gap:12px;flex-wrap:wrap}
.kpi div{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}
.kpi b{display:block;font-size:18px}.kpi small{display:block;color:#555}
.scroll{overflow-x:auto;max-width:100%}.none{color:#555}
.chart{display:block;width:100%;height:auto;border:1px solid #eee}`;

/** One tile: what it is, the number, and what the number counts. */
const kpi = (label: string, value: string | number, unit: string): string =>
  `<div class="tile">${esc(label)}<b>${esc(String(value))}</b><small>${esc(unit)}</small></div>`;

const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);

/** The tiles. */
function tiles(r: ReplayReport): string {
  const buys = Object.values(r.fills.byVenue).reduce((a, v) => a + v.buy, 0);
  const sells = Object.values(r.fills.byVenue).reduce((a, v) => a + v.sell, 0);
  const total = r.latency.total;
  return [
    kpi('opportunities', r.opportunities, `results, of ${r.records} records read`),
    kpi('executions', r.executions, `${plural(r.executions, 'execution')} that sent orders`),
    kpi(
      'fills',
      r.fills.total,
      `fills: ${buys} ${plural(buys, 'buy')}, ${sells} ${plural(sells, 'sell')}`
    ),
    kpi('matched', formatQty(r.matchedContracts), 'contracts hedged on both venues'),
    kpi(
      'realized P&L',
      formatUsd(r.realizedPnl),
      'USD final: closes, netting, settlements, after all fees'
    ),
    kpi(
      'locked-in P&L',
      formatUsd(r.lockedInPnl),
      'USD hedged pairs pay at resolution, minus their cost'
    ),
    kpi('unhedged cost', formatUsd(r.unhedgedCost), 'USD paid for contracts left unhedged'),
    kpi('fees', formatUsd(r.fees), 'USD paid on all fills'),
    kpi('mismatches', r.mismatches, `${plural(r.mismatches, 'execution')} with YES ≠ NO filled`),
    kpi(
      'closes',
      `${r.closes.fills} ${plural(r.closes.fills, 'fill')} / ${formatQty(r.closes.contracts)} contracts`,
      `closing fills / contracts sold, in ${r.closes.executions} ${plural(r.closes.executions, 'execution')}`
    ),
    kpi('unhedged', formatQty(r.unhedgedContracts), 'contracts left open'),
    kpi(
      'latency p50',
      total ? formatDurationMs(total.p50Ms) : 'none',
      total
        ? `detection → result, ${total.count} ${plural(total.count, 'execution')} measured`
        : 'no executions measured'
    )
  ].join('');
}

/** Renders the report page. */
export function renderReportHtml(r: ReplayReport): string {
  const outcomes = Object.entries(r.resultsByCode).sort((a, b) => b[1] - a[1]);
  const lat = Object.entries(r.latency).map(([k, s]) => [
    k,
    s.count,
    formatDurationMs(s.p50Ms),
    formatDurationMs(s.p90Ms),
    formatDurationMs(s.p99Ms),
    formatDurationMs(s.maxMs)
  ]);
  const venues = Object.entries(r.fills.byVenue).map(([v, c]) => [v, c.buy, c.sell]);
  const pnl = r.pnlSeries.map((p) => ({ x: p.tMs / 1000, y: p.pnl })); // micro-dollars
  const t = r.tables;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>twinleg replay report</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>twinleg replay report</h1>
<p>Source <code>${esc(r.source)}</code> · ${r.records} records · pace ${esc(r.pace)} · generated ${esc(r.generatedAt)}</p>
<div class="kpi">${tiles(r)}</div>
<h2>P&amp;L over time</h2>
${lineChart(pnl, 'engine time since start (s)', 'expected P&L of the executions (USD)', (y) => formatUsd(asMicros(y)))}
<h2>Latency: detection → result</h2>
${histogramChart(r.latencyHistogram, 'detection → result latency (bars: executions per bucket)')}
<h2>Outcomes</h2>
${table(['outcome', 'results'], outcomes)}
<h2>Latency per stage</h2>
${table(['stage', 'samples', 'p50', 'p90', 'p99', 'max'], lat)}
<h2>Fills by venue</h2>
${table(['venue', 'buys (fills)', 'sells (closing fills)'], venues, 'no fills')}
<h2 id="fills">Fills (${t.fills.length})</h2>
${fillsTable(t.fills)}
<h2 id="mismatches">Mismatches (${t.mismatches.length})</h2>
${mismatchesTable(t.mismatches)}
<h2 id="closes">Auto-closes (${t.closes.length})</h2>
${closesTable(t.closes)}
<p>In <code>report.json</code> money is in micro-dollars (USD × 1e6) and quantities in micro-contracts; latencies on the engine clock.</p>
</body></html>
`;
}
