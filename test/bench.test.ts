/**
 * Smoke test of the benchmark harness: the whole suite on a tiny bounded plan (mock venues
 * included) produces a well-formed report. Never asserts timing thresholds — tests do not time
 * things; `npm run bench` does.
 */
import { describe, expect, it } from 'vitest';
import { SMOKE } from '../bench/plan.js';
import { checkTargets, formatTable, type BenchReport } from '../bench/report.js';
import { latencyHistogram, median, recordNs, summarizeUs } from '../bench/stats.js';
import { runSuite } from '../bench/suite.js';

const finiteNonNegative = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;

describe('bench harness', () => {
  it('stats: histogram percentiles in µs and medians', () => {
    const h = latencyHistogram();
    for (let i = 1; i <= 100; i++) recordNs(h, i * 1_000);
    const s = summarizeUs(h);
    expect(s.count).toBe(100);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p99).toBeCloseTo(99, 0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('runs every benchmark on a tiny plan and reports well-formed numbers', async () => {
    const r: BenchReport = await runSuite(SMOKE);
    expect(r.node).toBe(process.version);
    expect(r.cpus).toBeGreaterThan(0);
    for (const k of [
      'rawAtomicsClaimsPerSec',
      'dupRejectsPerSec',
      'execPerSecLive0',
      'execPerSecLive1000',
      'heapGrowthMB',
      'eventLoopDelayP99Ms',
      'inspectorOnExecPerSec'
    ] as const) {
      if (k === 'heapGrowthMB') expect(Number.isFinite(r[k])).toBe(true);
      else expect(finiteNonNegative(r[k]), k).toBe(true);
    }
    for (const k of ['execOverheadUs', 'floorUs', 'e2eUs'] as const) {
      expect(finiteNonNegative(r[k].p50), `${k}.p50`).toBe(true);
      expect(r[k].p99, `${k}.p99`).toBeGreaterThanOrEqual(r[k].p50);
    }
    expect(r.dupRejectsPerSec).toBeGreaterThan(0);
    expect(r.floorUs.p50).toBeGreaterThan(0);
    expect(r.e2eUs.p50).toBeGreaterThan(0);
    const details = r.meta.details as {
      execOverhead: { unexpected: number };
      venueRoundTrip: { unexpected: number };
      liveCount: { unexpected: number };
    };
    expect(details.execOverhead.unexpected).toBe(0);
    expect(details.venueRoundTrip.unexpected).toBe(0);
    expect(details.liveCount.unexpected).toBe(0);
    const targets = checkTargets(r);
    expect(targets.map((t) => t.name)).toHaveLength(7);
    expect(formatTable(r, targets)).toMatch(/PASS|MISS/);
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({ meta: { mode: 'quick' } });
  }, 120_000);
});
