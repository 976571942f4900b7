/**
 * `twinleg replay` of the sample file as a child process (report.json + report.html), and the
 * report pieces in-process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { ReplayCollector, renderReportHtml } from '../adapters/report/index.js';
import { percentile, summarize } from '../adapters/report/stats.js';
import { parseOpportunities } from '../adapters/feeds/jsonlFeed.js';
import { tempDir, twinleg } from './cliSupport.js';

vi.setConfig({ testTimeout: 90_000 });

interface Report {
  records: number;
  opportunities: number;
  executions: number;
  resultsByCode: Record<string, number>;
  fills: { total: number };
  mismatches: number;
  closes: { fills: number; contracts: number };
  realizedPnl: number;
  latency: Record<string, { count: number; p50Ms: number; p99Ms: number }>;
  pnlSeries: unknown[];
}

describe('twinleg replay', () => {
  it('replays the sample and writes a JSON and an offline HTML report', async () => {
    const out = join(tempDir(), 'rep');
    const r = await twinleg([
      'replay',
      'examples/opportunities.sample.jsonl',
      '--markets',
      'examples/markets.example.json',
      '--out',
      out
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/replayed 44 opportunities/);
    expect(r.stdout).toMatch(/report: .*report\.html/);
    const records = parseOpportunities(
      readFileSync('examples/opportunities.sample.jsonl', 'utf8'),
      'sample'
    );
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(rep.records).toBe(records.length);
    expect(rep.opportunities).toBe(records.length);
    expect(Object.values(rep.resultsByCode).reduce((a, b) => a + b, 0)).toBe(records.length);
    expect(rep.resultsByCode.success).toBeGreaterThan(0);
    expect(rep.resultsByCode.already_in_flight).toBeGreaterThan(0); // the duplicates
    expect(rep.resultsByCode.partial_fill).toBeGreaterThan(0); // the shallow books
    expect(rep.mismatches).toBeGreaterThan(0);
    expect(rep.closes.fills).toBeGreaterThan(0);
    expect(rep.fills.total).toBeGreaterThan(0);
    for (const stage of [
      'claim_to_sent',
      'leg_rtt',
      'leg_rtt:kalshi',
      'leg_rtt:polymarket',
      'auto_close',
      'total'
    ]) {
      expect(rep.latency[stage]?.count, stage).toBeGreaterThan(0);
    }
    expect(rep.pnlSeries.length).toBe(records.length);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(2);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain(`${rep.opportunities}</b>`);
    expect(html).toContain('partial_fill');
  });

  it('the same file replays to the same counts (deterministic on the manual clock)', async () => {
    const [a, b] = [join(tempDir(), 'a'), join(tempDir(), 'b')];
    const args = [
      'examples/opportunities.sample.jsonl',
      '--markets',
      'examples/markets.example.json',
      '--log-level',
      'silent'
    ];
    await Promise.all([
      twinleg(['replay', ...args, '--out', a]),
      twinleg(['replay', ...args, '--out', b, '--seed', '42'])
    ]);
    const ra = JSON.parse(readFileSync(join(a, 'report.json'), 'utf8')) as Report;
    const rb = JSON.parse(readFileSync(join(b, 'report.json'), 'utf8')) as Report;
    expect(rb.resultsByCode).toEqual(ra.resultsByCode);
    expect(rb.realizedPnl).toBe(ra.realizedPnl);
  });

  it('rejects a bad line naming file, line and field (exit 2)', async () => {
    const f = join(tempDir(), 'bad.jsonl');
    (await import('node:fs')).writeFileSync(
      f,
      '{"marketId":0,"arbType":"PolyOnly","yesPrice":1,"noPrice":1,"yesSize":1,"noSize":1}\n{"marketId":0,"arbType":"Both"}\n'
    );
    const r = await twinleg(['replay', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:2: arbType: /);
  });
});

describe('report pieces', () => {
  it('percentiles are nearest-rank', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
    expect(summarize([0.001, 0.002, 0.003])).toMatchObject({ count: 3, p50Ms: 2, maxMs: 3 });
  });

  it('an empty report still renders valid, offline HTML', () => {
    const html = renderReportHtml(
      new ReplayCollector(new ManualClock()).build({ source: '<x>', pace: 'fast', records: 0 })
    );
    expect(html).toContain('&#60;x&#62;');
    expect(html).toContain('no data');
  });
});
