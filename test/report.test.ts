/**
 * The replay report's tables (fills, mismatches, auto-closes) in report.json and report.html,
 * the units on its tiles and its histogram labels: crafted feeds with a known mismatch (closed,
 * and stopped at the price floor), the sample file, and the collector in-process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import {
  asMicros,
  asQty,
  NULL_JOURNAL,
  ZERO_MICROS,
  type ExecutionResult,
  type FillRecord,
  type MarketPair,
  type OrderRequest
} from '../core/index.js';
import { ReplayCollector, renderReportHtml, type ReplayReport } from '../adapters/report/index.js';
import { formatDurationMs, histogram } from '../adapters/report/stats.js';
import { tempDir, twinleg } from './cliSupport.js';

vi.setConfig({ testTimeout: 90_000 });

const MARKETS = 'examples/markets.example.json';

/** Replays `lines` (or a file) through the CLI; returns report.json and report.html. */
async function replay(
  feed: string | readonly string[]
): Promise<{ rep: ReplayReport; html: string }> {
  const dir = tempDir();
  let file = feed as string;
  if (typeof feed !== 'string') {
    file = join(dir, 'feed.jsonl');
    writeFileSync(file, feed.join('\n') + '\n');
  }
  const out = join(dir, 'out');
  const r = await twinleg([
    'replay',
    file,
    '--markets',
    MARKETS,
    '--out',
    out,
    '--log-level',
    'silent'
  ]);
  expect(r.code, r.stderr).toBe(0);
  return {
    rep: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReplayReport,
    html: readFileSync(join(out, 'report.html'), 'utf8')
  };
}

/** Undoes the page's escaping (`&#38;` → `&`). */
const unesc = (s: string | undefined): string =>
  (s ?? '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

/** The tiles of a report page: label, value and unit. */
function tiles(html: string): { label: string; value: string; unit: string }[] {
  return [
    ...html.matchAll(/<div class="tile">([^<]*)<b>([^<]*)<\/b><small>([^<]*)<\/small><\/div>/g)
  ].map((m) => ({ label: unesc(m[1]), value: unesc(m[2]), unit: unesc(m[3]) }));
}

/** The section of the page after the heading with `id`, up to the next heading. */
const section = (html: string, id: string): string =>
  html.slice(html.indexOf(`id="${id}"`)).split('<h2')[0] ?? '';

// Kalshi YES fills 1 of 3 (depth), Polymarket NO fills 3: 2 NO over, closed at 55¢ on the 2nd sell
const CLOSED =
  '{"t":0,"marketId":1,"arbType":"KalshiYesPolyNo","yesPrice":390000,"noPrice":560000,"yesSize":9000000,"noSize":3000000,"depth":{"yes":1000000}}';
// Polymarket YES fills 3 of 5, Kalshi NO 5 at 1¢: the 2 NO over find no bid at the 1¢ floor,
// and their hedge no YES ask up to the ceiling
const STOPPED =
  '{"t":0,"marketId":0,"arbType":"PolyYesKalshiNo","yesPrice":500000,"noPrice":10000,"yesSize":5000000,"noSize":5000000,"depth":{"yes":3000000}}';

describe('replay report tables (CLI)', () => {
  it('a mismatch closed in full: one row in each table, amounts exact, all in the HTML', async () => {
    const { rep, html } = await replay([CLOSED]);
    const t = rep.tables;
    expect(
      t.fills.map((f) => [f.venue, f.side, f.action, f.contracts, f.avgPrice, f.notional])
    ).toEqual([
      ['polymarket', 'no', 'buy', 3_000_000, 560_000, 1_680_000],
      ['kalshi', 'yes', 'buy', 1_000_000, 390_000, 390_000],
      ['polymarket', 'no', 'sell', 2_000_000, 550_000, 1_100_000]
    ]);
    const exec = t.fills[0]!.executionId;
    expect(t.fills.every((f) => f.executionId === exec && f.marketId === 1)).toBe(true);
    expect(t.fills[2]!.clientOrderId).toBe(`${exec}-c2`);
    expect(t.fills.map((f) => f.tMs)).toEqual([...t.fills.map((f) => f.tMs)].sort((a, b) => a - b));
    expect(t.mismatches).toEqual([
      {
        executionId: exec,
        marketId: 1,
        outcome: 'partial_fill',
        yesFilled: 1_000_000,
        noFilled: 3_000_000,
        excess: 2_000_000,
        venue: 'polymarket',
        side: 'no'
      }
    ]);
    const kalshiFee = t.fills[1]!.fee;
    expect(t.closes).toEqual([
      {
        executionId: exec,
        marketId: 1,
        venue: 'polymarket',
        side: 'no',
        excess: 2_000_000,
        attempts: 2, // 56¢ found no bid, 55¢ filled
        filledAttempts: 1,
        closed: 2_000_000,
        remaining: 0,
        proceeds: 1_100_000,
        fees: 0,
        closePnl: -20_000, // sold 2 at 55¢ bought at 56¢
        // 1 matched: $1 − 39¢ − 56¢ − Kalshi fee, and the close's −2¢
        pnl: 1_000_000 - 390_000 - 560_000 - kalshiFee - 20_000,
        stopReason: null
      }
    ]);
    // the execution's P&L: the matched pair's, locked in until resolution, and the close's, realized
    expect(rep.executionsPnl).toBe(t.closes[0]!.pnl);
    expect(rep.realizedPnl + rep.lockedInPnl).toBe(t.closes[0]!.pnl);
    expect(rep.lockedInPnl).toBe(1_000_000 - 390_000 - 560_000);

    const fills = section(html, 'fills');
    expect(fills.match(/<tr>/g)?.length).toBe(4); // header + 3
    expect(fills).toContain('<td>sell (close)</td><td>2</td><td>$0.55</td><td>$1.10</td>');
    expect(fills).toContain(`<td>${exec}</td>`);
    expect(fills).toContain('<td>1 nba-2026-sas</td>');
    const mm = section(html, 'mismatches');
    expect(mm).toContain(
      `<td>${exec}</td><td>1</td><td>partial_fill</td><td>1</td><td>3</td><td>2</td><td>polymarket NO</td>`
    );
    const closes = section(html, 'closes');
    expect(closes).toContain(
      `<td>${exec}</td><td>1</td><td>polymarket NO</td><td>2</td><td>2</td><td>2</td><td>0</td><td>$1.10</td><td>$0.00</td><td>-$0.02</td>`
    );
    expect(closes).toContain('<td>closed in full</td>');
  });

  it('a close stopped short (no bid down to the floor, then no ask up to the ceiling): remaining unhedged and the stop reason', async () => {
    const { rep, html } = await replay([STOPPED]);
    const c = rep.tables.closes;
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      venue: 'kalshi',
      side: 'no',
      excess: 2_000_000,
      closed: 0,
      remaining: 2_000_000,
      proceeds: 0,
      stopReason: 'no asks up to the ceiling',
      filledAttempts: 0
    });
    // one sell at 1¢, then the hedge buys YES from the YES leg's 50¢ up to 99¢ on Kalshi and on
    // Polymarket: the replay's journal passes through the collector, which counts them
    expect(c[0]!.attempts).toBe(1 + 50 + 50);
    expect(rep.tables.mismatches[0]).toMatchObject({ yesFilled: 3_000_000, noFilled: 5_000_000 });
    expect(rep.tables.fills.filter((f) => f.action === 'sell')).toEqual([]);
    expect(rep.unhedgedContracts).toBe(2_000_000);
    const closes = section(html, 'closes');
    expect(closes).toContain('<td>101</td>');
    expect(closes).toContain('<td>no asks up to the ceiling</td>');
  });

  it('the sample file: the tables agree with the counts, and every tile says what it counts', async () => {
    const { rep, html } = await replay('examples/opportunities.sample.jsonl');
    const t = rep.tables;
    expect(t.fills).toHaveLength(rep.fills.total);
    expect(t.mismatches).toHaveLength(rep.mismatches);
    expect(t.closes).toHaveLength(rep.resultsByCode.partial_fill ?? 0);
    expect(t.closes.length).toBeGreaterThan(0);
    const sells = t.fills.filter((f) => f.action === 'sell');
    expect(sells).toHaveLength(rep.closes.fills);
    expect(sells.reduce((a, f) => a + f.contracts, 0)).toBe(rep.closes.contracts);
    expect(t.fills.reduce((a, f) => a + f.fee, 0)).toBe(rep.fees);
    for (const c of t.closes) {
      const own = sells.filter((f) => f.executionId === c.executionId);
      expect(c.proceeds).toBe(own.reduce((a, f) => a + f.notional, 0));
      expect(c.closed).toBe(own.reduce((a, f) => a + f.contracts, 0));
      // closed in full, or provably not: the sample's books hold no asks for a hedge
      expect(c.remaining === 0 || c.stopReason === 'no asks up to the ceiling').toBe(true);
      expect(c.attempts).toBeGreaterThanOrEqual(c.filledAttempts);
      const m = t.mismatches.find((x) => x.executionId === c.executionId);
      expect(m?.excess).toBe(c.excess);
      expect(Math.abs(m!.yesFilled - m!.noFilled)).toBe(c.excess);
    }
    expect(section(html, 'fills').match(/<tr>/g)?.length).toBe(t.fills.length + 1);
    expect(section(html, 'mismatches').match(/<tr>/g)?.length).toBe(t.mismatches.length + 1);
    expect(section(html, 'closes').match(/<tr>/g)?.length).toBe(t.closes.length + 1);

    const ts = tiles(html);
    expect(ts.map((x) => x.label)).toEqual([
      'opportunities',
      'executions',
      'fills',
      'matched',
      'realized P&L',
      'locked-in P&L',
      'unhedged cost',
      'fees',
      'mismatches',
      'closes',
      'unhedged',
      'latency p50'
    ]);
    for (const x of ts) expect(x.unit.trim(), x.label).not.toBe('');
    const by = Object.fromEntries(ts.map((x) => [x.label, x]));
    expect(by.closes?.value).toBe(
      `${rep.closes.fills} fills / ${rep.closes.contracts / 1e6} contracts`
    );
    expect(by.closes?.unit).toMatch(/closing fills \/ contracts sold, in \d+ executions/);
    expect(by.matched?.unit).toMatch(/^contracts/);
    expect(by['realized P&L']?.unit).toMatch(/^USD/);
    expect(by['latency p50']?.value).toMatch(/^[\d.]+ (µs|ms|s)$/);

    // histogram bars labelled with units; charts scale to the page width
    expect(rep.latencyHistogram.labels.length).toBe(rep.latencyHistogram.counts.length);
    for (const l of rep.latencyHistogram.labels) expect(l).toMatch(/^[≤>] [\d.]+ (µs|ms|s)$/);
    expect(html).toMatch(/≤ 100 ms<\/text>/);
    expect(html.match(/<svg class="chart"[^>]*width="100%"/g)?.length).toBe(2);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|src=/i);
  });
});

describe('report pieces: tables, histogram labels', () => {
  it('durations read in µs, ms or s', () => {
    expect(formatDurationMs(0.05)).toBe('50 µs');
    expect(formatDurationMs(0.001)).toBe('1 µs');
    expect(formatDurationMs(2)).toBe('2 ms');
    expect(formatDurationMs(51.25)).toBe('51.25 ms');
    expect(formatDurationMs(1500)).toBe('1.5 s');
    expect(formatDurationMs(0)).toBe('0 ms');
  });

  it('a histogram keeps the buckets between its smallest and largest sample, labelled', () => {
    const h = histogram([0.00004, 0.0003, 0.0031, 0.004]); // 40 µs, 300 µs, 3.1 ms, 4 ms
    expect(h.boundsMs).toEqual([0.05, 0.1, 0.2, 0.5, 1, 2, 5]);
    expect(h.counts).toEqual([1, 0, 0, 1, 0, 0, 2, 0]);
    expect(h.labels).toEqual([
      '≤ 50 µs',
      '≤ 100 µs',
      '≤ 200 µs',
      '≤ 500 µs',
      '≤ 1 ms',
      '≤ 2 ms',
      '≤ 5 ms',
      '> 5 ms'
    ]);
    // a span too wide for 1-2-5 bars falls back to decades
    const wide = histogram([0, 0.05, 20]);
    expect(wide.labels).toEqual([
      '≤ 1 µs',
      '≤ 10 µs',
      '≤ 100 µs',
      '≤ 1 ms',
      '≤ 10 ms',
      '≤ 100 ms',
      '≤ 1 s',
      '≤ 10 s',
      '> 10 s'
    ]);
    expect(wide.counts).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 1]);
  });

  const market = { marketId: 7, pairId: 'p7', description: 'd' } as unknown as MarketPair;
  const fill = (id: string, coid: string, qty: number, price: number): FillRecord => ({
    pairId: market.pairId,
    marketId: 7,
    description: 'd',
    platform: 'kalshi',
    side: 'yes',
    action: 'sell',
    contracts: asQty(qty),
    avgPrice: asMicros(price),
    notional: asMicros((qty / 1e6) * price),
    fee: ZERO_MICROS,
    orderId: undefined,
    clientOrderId: coid,
    executionId: id,
    timestampNs: 0,
    wallTimeMs: 0
  });
  const partial = (
    id: string,
    closed: number,
    unhedged: number,
    detail?: string
  ): ExecutionResult => ({
    executionId: id,
    marketId: 7,
    success: false,
    error: 'partial_fill',
    ...(detail ? { detail } : {}),
    matchedContracts: asQty(1_000_000),
    realizedProfit: asMicros(5_000),
    unhedgedContracts: asQty(unhedged),
    latencyNs: 0,
    closedContracts: asQty(closed),
    legs: {
      yes: {
        venue: 'kalshi',
        requested: asQty(5_000_000),
        filled: asQty(5_000_000),
        notional: asMicros(2_000_000),
        fee: ZERO_MICROS,
        status: 'filled'
      },
      no: {
        venue: 'polymarket',
        requested: asQty(5_000_000),
        filled: asQty(1_000_000),
        notional: asMicros(500_000),
        fee: ZERO_MICROS,
        status: 'partially_filled'
      }
    }
  });
  const sell = (id: string, k: number) =>
    ({ executionId: id, clientOrderId: `${id}-c${k}`, market }) as unknown as OrderRequest;

  it('with the journal passed through it, a close that stopped short has its exact attempts', () => {
    const c = new ReplayCollector(new ManualClock());
    const seen: string[] = [];
    const j = c.journal({
      ...NULL_JOURNAL,
      orderIntent: (o, role) => void seen.push(`${role}:${o.clientOrderId}`)
    });
    for (const k of [1, 2, 3]) j.orderIntent(sell('e1', k), 'close', 0);
    j.orderIntent(sell('e1', 9), 'entry', 0);
    c.onFill(fill('e1', 'e1-c2', 1_000_000, 390_000));
    c.onResult(partial('e1', 1_000_000, 3_000_000, 'auto-close stopped: price floor reached'));
    const r = c.build({ source: 's', pace: 'fast', records: 1 });
    expect(seen).toEqual(['close:e1-c1', 'close:e1-c2', 'close:e1-c3', 'entry:e1-c9']); // passed on
    expect(r.tables.closes[0]).toMatchObject({
      venue: 'kalshi',
      side: 'yes',
      excess: 4_000_000,
      attempts: 3,
      filledAttempts: 1,
      closed: 1_000_000,
      remaining: 3_000_000,
      proceeds: 390_000,
      closePnl: 390_000 - 400_000, // basis: $2 for 5 YES, 1 closed
      stopReason: 'price floor reached'
    });
    const html = renderReportHtml(r);
    expect(section(html, 'closes')).toContain('<td>3</td>');
  });

  it('without it: exact when the close ended flat, a lower bound (≥) when it stopped short', () => {
    const c = new ReplayCollector(new ManualClock());
    c.onFill(fill('a', 'a-c3', 4_000_000, 300_000));
    c.onResult(partial('a', 4_000_000, 0));
    c.onFill(fill('b', 'b-c2', 1_000_000, 300_000));
    c.onResult(partial('b', 1_000_000, 3_000_000, 'auto-close stopped: price floor reached'));
    c.onResult({ ...partial('c', 0, 0), error: null, success: true });
    const r = c.build({ source: 's', pace: 'fast', records: 3 });
    expect(r.tables.closes.map((x) => [x.executionId, x.attempts, x.filledAttempts])).toEqual([
      ['a', 3, 1],
      ['b', null, 1]
    ]);
    expect(r.tables.mismatches.map((m) => m.executionId)).toEqual(['a', 'b']);
    expect(r.mismatches).toBe(2);
    expect(section(renderReportHtml(r), 'closes')).toContain('<td>≥ 1</td>');
  });

  it('an empty report shows empty tables as "none" lines and still tiles with units', () => {
    const r = new ReplayCollector(new ManualClock()).build({
      source: 'x',
      pace: 'fast',
      records: 0
    });
    expect(r.tables).toEqual({ fills: [], mismatches: [], closes: [] });
    const html = renderReportHtml(r);
    expect(html).toContain('no fills');
    expect(html).toContain('no mismatches');
    expect(html).toContain('no auto-closes');
    for (const x of tiles(html)) expect(x.unit, x.label).not.toBe('');
  });
});
