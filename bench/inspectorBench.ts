/**
 * `inspectorOnExecPerSec`: full executions per second with the inspector attached, in
 * windows alternating with an uninspected engine (same run, same loop as `execPerSecLive0`).
 *
 * The inspector is being built alongside this benchmark, so it is found at run time:
 * - `inspector/attach.ts` exists → its `attachInspector(supervisor, { port: 0 })` (server on
 *   a free loopback port, no browser connected), through `supervisor.attachInspector` or, for
 *   a supervisor without it, an `inspector/tap.ts` tap given as the `inspect` option;
 * - otherwise `supervisor.attachInspector(serializer)`, or the `inspect` constructor option,
 *   with a small JSON serializer standing in for the inspector.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InspectionEvent } from 'xstate';
import type { ExecutionSupervisor } from '../actors/supervisor.js';
import { benchEngine, marketCycle, BENCH_MARKETS, type BenchEngine } from './engine.js';
import { perCpuSec, perSec, runExecutions } from './execLoop.js';
import { median } from './stats.js';

type InspectFn = (ev: InspectionEvent) => void;
type Attachable = ExecutionSupervisor & { attachInspector?: (fn: InspectFn) => () => void };
interface Tap {
  readonly inspect: InspectFn;
}
type AttachModule = {
  attachInspector(s: unknown, o: object): Promise<{ close(): Promise<void> }>;
};
type TapModule = { inspectionTap(): Tap };

/** Result of {@link inspectorThroughput}. */
export interface InspectorResult {
  readonly perSec: number;
  /** Same run, no inspector. */
  readonly baselinePerSec: number;
  readonly ratio: number;
  /** The same per CPU second of this process (robust to a busy machine). */
  readonly cpu: {
    readonly perSec: number;
    readonly baselinePerSec: number;
    readonly ratio: number;
  };
  /** How the inspector was attached (see the module comment). */
  readonly mode: string;
  readonly unexpected: number;
}

/** Stand-in serializer: what an inspector must at least do per inspection event. */
export function serializerStandIn(): { fn: InspectFn; bytes: () => number } {
  let bytes = 0;
  const fn: InspectFn = (ev) => {
    const snap = ev.type === '@xstate.snapshot' ? ev.snapshot : undefined;
    bytes += JSON.stringify({
      type: ev.type,
      session: ev.actorRef.sessionId,
      event: ev.type === '@xstate.event' ? ev.event.type : undefined,
      value: snap && 'value' in snap ? (snap as { value: unknown }).value : undefined
    }).length;
  };
  return { fn, bytes: () => bytes };
}

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** Builds an inspected engine; returns it with its mode and a detach/close function. */
async function inspectedEngine(): Promise<{
  e: BenchEngine;
  mode: string;
  close(): Promise<void>;
}> {
  const attachPath = here('../inspector/attach.ts');
  if (existsSync(attachPath)) {
    const mod = (await import(attachPath)) as AttachModule;
    const probe = benchEngine().supervisor as Attachable;
    if (typeof probe.attachInspector === 'function') {
      const e = benchEngine();
      const h = await mod.attachInspector(e.supervisor, { port: 0 });
      return {
        e,
        mode: 'inspector/attach.ts via supervisor.attachInspector',
        close: () => h.close()
      };
    }
    const tapMod = (await import(here('../inspector/tap.ts'))) as TapModule;
    const tap = tapMod.inspectionTap();
    const e = benchEngine({ inspect: tap.inspect });
    const h = await mod.attachInspector(e.supervisor, { port: 0, tap });
    return { e, mode: 'inspector/attach.ts via inspector/tap.ts', close: () => h.close() };
  }
  const s = serializerStandIn();
  const probe = benchEngine();
  const sup = probe.supervisor as Attachable;
  if (typeof sup.attachInspector === 'function') {
    const detach = sup.attachInspector(s.fn);
    return {
      e: probe,
      mode: 'fallback: supervisor.attachInspector(JSON serializer stand-in); no inspector/attach.ts',
      close: () => Promise.resolve(detach())
    };
  }
  return {
    e: benchEngine({ inspect: s.fn }),
    mode: 'fallback: inspect option (JSON serializer stand-in); no inspector/attach.ts, no supervisor.attachInspector',
    close: () => Promise.resolve()
  };
}

/** Runs `reps` alternating windows (see the module comment). */
export async function inspectorThroughput(
  windowMs: number,
  reps: number,
  warmupMs: number
): Promise<InspectorResult> {
  const plain = benchEngine();
  const insp = await inspectedEngine();
  const nextPlain = marketCycle(0, BENCH_MARKETS);
  const nextInsp = marketCycle(0, BENCH_MARKETS);
  await runExecutions(plain, { durationMs: warmupMs, nextMarket: nextPlain });
  await runExecutions(insp.e, { durationMs: warmupMs, nextMarket: nextInsp });
  const base: number[] = [];
  const with_: number[] = [];
  const cpuBase: number[] = [];
  const cpuWith: number[] = [];
  let unexpected = 0;
  for (let r = 0; r < reps; r++) {
    const a = await runExecutions(plain, { durationMs: windowMs, nextMarket: nextPlain });
    const b = await runExecutions(insp.e, { durationMs: windowMs, nextMarket: nextInsp });
    base.push(perSec(a));
    with_.push(perSec(b));
    cpuBase.push(perCpuSec(a));
    cpuWith.push(perCpuSec(b));
    unexpected += a.other + b.other;
  }
  await insp.close();
  await plain.supervisor.stop({ timeoutMs: 1_000 });
  await insp.e.supervisor.stop({ timeoutMs: 1_000 });
  const p = median(with_);
  const b = median(base);
  const cp = median(cpuWith);
  const cb = median(cpuBase);
  return {
    perSec: p,
    baselinePerSec: b,
    ratio: p / b,
    cpu: { perSec: cp, baselinePerSec: cb, ratio: cp / cb },
    mode: insp.mode,
    unexpected
  };
}
