/**
 * Replay reports: the collector, the JSON document and the offline HTML page.
 * @packageDocumentation
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayReport } from './collector.js';
import { renderReportHtml } from './html.js';

export { ReplayCollector, type ReplayReport, type PnlPoint } from './collector.js';
export { renderReportHtml } from './html.js';
export { percentile, summarize, histogram, type LatencySummary, type Histogram } from './stats.js';

/** Writes `report.json` and `report.html` into `dir` (created if needed); returns both paths. */
export function writeReport(dir: string, report: ReplayReport): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(html, renderReportHtml(report));
  return { json, html };
}
