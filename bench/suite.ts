/**
 * Runs every benchmark of a {@link BenchPlan} in order, in this process (the mock venues in
 * their own), with a full GC between benchmarks, and assembles the {@link BenchReport}.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { rawAtomicsClaimsPerSec } from './atomics.js';
import { detectorBench, detectorLine } from './detector.js';
import { dupRejects } from './dupRejects.js';
import { feedsBench, feedsLine } from './feeds.js';
import { eventLoopReps } from './eventLoopReps.js';
import { fullGc, heapGrowth } from './heap.js';
import { inspectorThroughput } from './inspectorBench.js';
import { liveCountThroughput } from './liveCount.js';
import { execOverhead } from './overhead.js';
import type { BenchPlan } from './plan.js';
import { checkTargets, type BenchReport } from './report.js';
import { signingCosts } from './signing.js';
import { round } from './stats.js';
import { venueRoundTrip } from './venueRoundTrip.js';

const load = () => loadavg().map((x) => round(x, 2));

/** Runs the suite; `log` receives one progress line per benchmark. */
export async function runSuite(
  plan: BenchPlan,
  log: (line: string) => void = () => undefined
): Promise<BenchReport> {
  const started = Date.now();
  const loadBefore = load();
  const step = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = Date.now();
    log(`… ${name} (load ${load().join(' ')})`);
    const out = await fn();
    await fullGc();
    log(`  ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return out;
  };
  const atomics = await step('rawAtomicsClaimsPerSec', () =>
    rawAtomicsClaimsPerSec(plan.atomics.n, plan.atomics.reps)
  );
  const dup = await step('dupRejectsPerSec', () => dupRejects(plan.dup.n, plan.dup.reps));
  const o = plan.overhead;
  const overhead = await step('execOverheadUs', () =>
    execOverhead(o.samples, o.reps, o.warmup, o.maxRepMs)
  );
  const l = plan.live;
  const live = await step('cpuUsPerExecution, execPerSecLive0/1000', () =>
    liveCountThroughput(l.windowMs, l.reps, l.warmup)
  );
  const i = plan.inspector;
  const insp = await step('inspectorOnExecPerSec', () =>
    inspectorThroughput(i.windowMs, i.reps, i.warmup)
  );
  const sg = plan.signing;
  const signing = await step('polySignUs/viemSignTypedDataUs, kalshiSignUs', () =>
    signingCosts(sg.samples, sg.reps, sg.warmup, sg.maxRepMs)
  );
  const rt = plan.roundTrip;
  const trip = await step('floorUs/e2eUs', () =>
    venueRoundTrip(rt.pairs, rt.reps, rt.warmup, rt.maxRepMs)
  );
  const lp = plan.loop;
  const loop = await step(`eventLoopDelayP99Ms (${lp.reps} fresh child processes)`, () =>
    eventLoopReps(lp)
  );
  const heap = await step('heapGrowthMB', () =>
    heapGrowth(plan.heap.executions, plan.heap.warmupMs, plan.heap.maxMs)
  );
  const detector = await step('detectUs, detector heap', () => detectorBench(plan.detector));
  log(detectorLine(detector));
  const feeds = await step('feeds decode+apply', () => feedsBench(plan.feeds));
  log(feedsLine(feeds));
  const core = {
    node: process.version,
    cpus: cpus().length,
    rawAtomicsClaimsPerSec: Math.round(atomics),
    dupRejectsPerSec: Math.round(dup.connectPerSec),
    dupRejectsPerCpuSec: Math.round(dup.connectPerCpuSec),
    cpuUsPerExecution: live.cpuUsPerExecution,
    execOverheadUs: { p50: overhead.p50, p99: overhead.p99 },
    execPerSecLive0: Math.round(live.live0),
    execPerSecLive1000: Math.round(live.live1000),
    execPerCpuSecLive0: Math.round(live.cpu.live0),
    execPerCpuSecLive1000: Math.round(live.cpu.live1000),
    floorUs: { p50: round(trip.floorUs.p50), p99: round(trip.floorUs.p99) },
    e2eUs: { p50: round(trip.e2eUs.p50), p99: round(trip.e2eUs.p99) },
    polySignUs: signing.polySignUs,
    viemSignTypedDataUs: signing.viemSignTypedDataUs,
    polySignSpeedup: signing.polySignSpeedup,
    kalshiSignUs: signing.kalshiSignUs,
    kalshiPresignedUs: signing.kalshiPresignedUs,
    heapGrowthMB: heap.growthMB,
    heapExecutions: heap.executions,
    eventLoopDelayP99Ms: loop.p99Ms,
    eventLoopFeedPerSec: lp.ratePerSec,
    inspectorOnExecPerSec: Math.round(insp.perSec),
    inspectorOnExecPerCpuSec: Math.round(insp.cpu.perSec),
    inspectorOffExecPerCpuSec: Math.round(insp.cpu.baselinePerSec)
  };
  const targets = checkTargets(core);
  return {
    ...core,
    meta: {
      mode: plan.mode,
      startedAt: new Date(started).toISOString(),
      durationS: round((Date.now() - started) / 1000, 1),
      machine: {
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memGB: round(totalmem() / 2 ** 30, 1),
        loadavgBefore: loadBefore,
        loadavgAfter: load()
      },
      notes: [
        plan.mode === 'quick'
          ? `quick mode: heapGrowthMB over ${heap.executions.toLocaleString('en-US')} executions (not 1,000,000); event loop monitored ${plan.loop.durationMs / 1000} s (not 10 s); fewer samples everywhere`
          : 'full mode',
        heap.capped
          ? `heapGrowthMB: the time cap (${plan.heap.maxMs / 1000} s) stopped the run after ${heap.executions.toLocaleString('en-US')} of ${plan.heap.executions.toLocaleString('en-US')} executions (${heap.bytesPerExecution} bytes/execution)`
          : `heapGrowthMB over ${heap.executions.toLocaleString('en-US')} executions (${heap.bytesPerExecution} bytes/execution)`,
        'throughput targets are checked per CPU second of the bench process (every thread counts), latency targets on the wall clock',
        `inspectorOnExecPerSec: attachInspector (inspector/index.ts) on a free loopback port, one page connected in a worker thread; it received ${insp.page.frames.toLocaleString('en-US')} frames (${Math.round(insp.page.bytes / 1024).toLocaleString('en-US')} KiB) in the measured windows`,
        'dupRejectsPerSec is through connect(obs$); meta.details.dupRejects.submitPerSec is the same through submit()',
        `polySignSpeedup is viem's p50 over twinleg's per repetition (median of ${signing.speedups.join(' / ')}), ${signing.samples.toLocaleString('en-US')} distinct orders signed both ways, ${signing.mismatches} signatures differed`,
        `detector (meta.details.detector, its own targets): update → request at ${plan.detector.ratePerSec}/s across ${plan.detector.markets} markets, heap over ${detector.heap.replaySec} s of updates replayed in engine time`,
        `feeds (meta.details.feeds, its own target): ${feedsLine(feeds)}`,
        `eventLoopDelayP99Ms is the median of ${lp.reps} windows, each in a fresh child process (bench/isolated.ts); idle p99 ${loop.idleP99Ms.join(' / ')} ms, hypervisor steal ${loop.stealPct.join(' / ')} %`
      ],
      targets,
      details: {
        dupRejects: dup,
        execOverhead: overhead,
        liveCount: live,
        inspector: insp,
        venueRoundTrip: trip,
        signing,
        eventLoop: loop,
        heap,
        detector,
        feeds
      }
    }
  };
}
