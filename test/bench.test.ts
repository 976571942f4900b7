/**
 * Smoke test of the benchmark harness: the whole suite on a tiny bounded plan (mock venues
 * included) produces a well-formed report. Never asserts timing thresholds — tests do not time
 * things; `npm run bench` does.
 */
import { describe, expect, it } from 'vitest';
import { SMOKE } from '../bench/plan.js';
import {
  checkTargets,
  formatTable,
  type BenchReport,
  type TargetVerdict
} from '../bench/report.js';
import { latencyHistogram, median, recordNs, summarizeUs } from '../bench/stats.js';
import { runSuite } from '../bench/suite.js';

const finiteNonNegative = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const meta = (r: BenchReport) => r.meta as { targets: TargetVerdict[] };

describe('bench harness', () => {
  it('targets: each verdict follows its rule', () => {
    const base = {
      node: 'v0',
      cpus: 2,
      rawAtomicsClaimsPerSec: 1e7,
      dupRejectsPerSec: 9e5,
      dupRejectsPerCpuSec: 1e6,
      cpuUsPerExecution: 150,
      execOverheadUs: { p50: 100, p99: 1_000 },
      execPerSecLive0: 5_000,
      execPerSecLive1000: 4_000,
      execPerCpuSecLive0: 5_000,
      execPerCpuSecLive1000: 4_000,
      floorUs: { p50: 10_000, p99: 20_000 },
      e2eUs: { p50: 10_500, p99: 30_000 },
      heapGrowthMB: 5,
      heapExecutions: 1_000_000,
      eventLoopDelayP99Ms: 5,
      eventLoopFeedPerSec: 1_000,
      inspectorOnExecPerSec: 2_000,
      inspectorOnExecPerCpuSec: 2_500,
      inspectorOffExecPerCpuSec: 5_000,
      polySignUs: { p50: 100, p99: 200 },
      viemSignTypedDataUs: { p50: 300, p99: 600 },
      polySignSpeedup: 3,
      kalshiSignUs: { p50: 250, p99: 500 },
      kalshiPresignedUs: { p50: 1, p99: 3 }
    };
    // every value exactly at its limit passes
    expect(checkTargets(base).every((t) => t.pass)).toBe(true);
    const worse = checkTargets({
      ...base,
      dupRejectsPerCpuSec: 999_999,
      cpuUsPerExecution: 150.1,
      execPerCpuSecLive0: 4_999,
      execOverheadUs: { p50: 100.1, p99: 1_000.1 },
      e2eUs: { p50: 10_501, p99: 30_000 },
      execPerCpuSecLive1000: 3_999,
      heapGrowthMB: 5.01,
      eventLoopDelayP99Ms: 5.01,
      inspectorOnExecPerCpuSec: 2_499,
      polySignSpeedup: 2.99
    });
    expect(worse.filter((t) => t.pass).map((t) => t.name)).toEqual([]);
  });

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
      'dupRejectsPerCpuSec',
      'cpuUsPerExecution',
      'execPerSecLive0',
      'execPerSecLive1000',
      'execPerCpuSecLive0',
      'execPerCpuSecLive1000',
      'heapGrowthMB',
      'heapExecutions',
      'eventLoopDelayP99Ms',
      'eventLoopFeedPerSec',
      'inspectorOnExecPerSec',
      'inspectorOnExecPerCpuSec',
      'inspectorOffExecPerCpuSec',
      'polySignSpeedup'
    ] as const) {
      if (k === 'heapGrowthMB') expect(Number.isFinite(r[k])).toBe(true);
      else expect(finiteNonNegative(r[k]), k).toBe(true);
    }
    // the fast lane is gone: no field of the report measures it
    expect(JSON.stringify(r)).not.toMatch(/fastLane|machinePath|fast lane|handover/);
    expect(r.cpuUsPerExecution).toBeGreaterThan(0);
    expect(r.heapExecutions).toBe(SMOKE.heap.executions);
    expect(r.eventLoopFeedPerSec).toBe(SMOKE.loop.ratePerSec);
    for (const k of [
      'execOverheadUs',
      'floorUs',
      'e2eUs',
      'polySignUs',
      'viemSignTypedDataUs',
      'kalshiSignUs',
      'kalshiPresignedUs'
    ] as const) {
      expect(finiteNonNegative(r[k].p50), `${k}.p50`).toBe(true);
      expect(r[k].p99, `${k}.p99`).toBeGreaterThanOrEqual(r[k].p50);
    }
    expect(r.dupRejectsPerSec).toBeGreaterThan(0);
    expect(r.floorUs.p50).toBeGreaterThan(0);
    expect(r.e2eUs.p50).toBeGreaterThan(0);
    const details = r.meta.details as {
      execOverhead: { unexpected: number };
      venueRoundTrip: {
        unexpected: number;
        e2e: { count: number };
        e2eSplit: Record<
          'toFirstOrder' | 'toPlaced' | 'venues' | 'afterAnswers',
          { count: number }
        >;
      };
      liveCount: { unexpected: number; executions: { live0: number; live1000: number } };
      inspector: { unexpected: number; page: { frames: number } };
      eventLoop: { submitted: number; completed: number; unexpected: number; drained: boolean };
      heap: { unexpected: number };
      signing: { mismatches: number; presignMisses: number; samples: number };
    };
    expect(details.execOverhead.unexpected).toBe(0);
    expect(details.venueRoundTrip.unexpected).toBe(0);
    expect(details.liveCount.unexpected).toBe(0);
    expect(details.inspector.unexpected).toBe(0);
    expect(details.heap.unexpected).toBe(0);
    // both signing paths signed every order of the smoke plan identically
    expect(details.signing.samples).toBe(SMOKE.signing.samples * SMOKE.signing.reps);
    expect(details.signing.mismatches).toBe(0);
    expect(details.signing.presignMisses).toBe(0);
    expect(details.liveCount.executions.live0).toBeGreaterThan(0);
    expect(details.liveCount.executions.live1000).toBeGreaterThan(0);
    // the inspector was attached and a page received its frames
    expect(details.inspector.page.frames).toBeGreaterThan(0);
    // every e2e sample is split into engine / venues / engine
    for (const part of ['toFirstOrder', 'toPlaced', 'venues', 'afterAnswers'] as const) {
      expect(details.venueRoundTrip.e2eSplit[part].count).toBe(details.venueRoundTrip.e2e.count);
    }
    // the event-loop feed: every opportunity submitted is a completed full execution
    const loop = SMOKE.loop;
    expect(details.eventLoop.submitted).toBe(
      (loop.reps * loop.ratePerSec * loop.durationMs) / 1_000
    );
    expect(details.eventLoop.completed).toBe(details.eventLoop.submitted);
    expect(details.eventLoop.unexpected).toBe(0);
    expect(details.eventLoop.drained).toBe(true);
    const targets = checkTargets(r);
    expect(targets.map((t) => t.name)).toEqual([
      'dupRejectsPerCpuSec',
      'cpuUsPerExecution',
      'execPerCpuSecLive0',
      'execOverheadUs.p50',
      'execOverheadUs.p99',
      'e2eUs.p50',
      'execPerCpuSecLive1000',
      'heapGrowthMB',
      'eventLoopDelayP99Ms',
      'inspectorOnExecPerCpuSec',
      'polySignSpeedup'
    ]);
    expect(meta(r).targets).toEqual(targets);
    const table = formatTable(r, targets);
    for (const t of targets) expect(table).toContain(t.pass ? 'PASS' : 'MISS');
    expect(table).toMatch(/\d+ of 11 targets met/);
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({ meta: { mode: 'quick' } });
  }, 120_000);
});
