/**
 * The replay report as one self-contained HTML page: inline CSS and SVG, no scripts, no
 * external resources — it opens offline.
 */
import { formatQty, formatUsd, asMicros } from '../../core/index.js';
import type { ReplayReport } from './collector.js';
import { esc, histogramChart, lineChart } from './svg.js';

const row = (cells: readonly (string | number)[], th = false): string =>
  `<tr>${cells.map((c) => (th ? `<th>${esc(String(c))}</th>` : `<td>${esc(String(c))}</td>`)).join('')}</tr>`;

const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]): string =>
  `<table>${row(head, true)}${rows.map((r) => row(r)).join('')}</table>`;

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:980px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ddd;padding:4px 10px;text-align:right}th{background:#f6f8fa}
td:first-child,th:first-child{text-align:left}.kpi{display:flex;gap:16px;flex-wrap:wrap}
.kpi div{border:1px solid #ddd;border-radius:6px;padding:8px 14px}.kpi b{display:block;font-size:18px}
.chart{border:1px solid #eee;max-width:100%;height:auto}`;

/** Renders the report page. */
export function renderReportHtml(r: ReplayReport): string {
  const kpi = (label: string, value: string | number) =>
    `<div>${esc(label)}<b>${esc(String(value))}</b></div>`;
  const outcomes = Object.entries(r.resultsByCode).sort((a, b) => b[1] - a[1]);
  const lat = Object.entries(r.latency).map(
    ([k, s]) => [k, s.count, s.p50Ms, s.p90Ms, s.p99Ms, s.maxMs] as const
  );
  const venues = Object.entries(r.fills.byVenue).map(([v, c]) => [v, c.buy, c.sell] as const);
  const pnl = r.pnlSeries.map((p) => ({ x: p.tMs / 1000, y: p.pnl })); // micro-dollars
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>twinleg replay report</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>twinleg replay report</h1>
<p>Source <code>${esc(r.source)}</code> · ${r.records} records · pace ${esc(r.pace)} · generated ${esc(r.generatedAt)}</p>
<div class="kpi">${kpi('opportunities', r.opportunities)}${kpi('executions', r.executions)}${kpi('fills', r.fills.total)}${kpi('matched', formatQty(r.matchedContracts))}${kpi('realized P&L', formatUsd(r.realizedPnl))}${kpi('fees', formatUsd(r.fees))}${kpi('mismatches', r.mismatches)}${kpi('closes', `${r.closes.fills} fills / ${formatQty(r.closes.contracts)}`)}${kpi('unhedged', formatQty(r.unhedgedContracts))}</div>
<h2>P&amp;L over time</h2>
${lineChart(pnl, 'engine time (s)', 'realized P&L', (y) => formatUsd(asMicros(y)))}
<h2>Latency: detection → result</h2>
${histogramChart(r.latencyHistogram, 'latency (ms)')}
<h2>Outcomes</h2>
${table(['outcome', 'count'], outcomes)}
<h2>Latency per stage (ms)</h2>
${table(['stage', 'count', 'p50', 'p90', 'p99', 'max'], lat)}
<h2>Fills by venue</h2>
${table(['venue', 'buys', 'sells (closes)'], venues)}
<p>Money in micro-dollars in the JSON report (<code>report.json</code>); latencies on the engine clock.</p>
</body></html>
`;
}
