/**
 * `dupRejectsPerSec`: opportunities for a market that is already in flight (held by a real
 * execution parked in a slow leg), pushed through the supervisor's public streaming entry
 * `connect(obs$)`, each rejection delivered on `results$` as `already_in_flight`. The same
 * through `submit()` (a promise per opportunity, all awaited) is reported alongside. The path
 * spawns no actor: after every burst the live count is still 1 and no order was placed.
 */
import { Observable } from 'rxjs';
import type { FastExecutionRequest } from '../core/index.js';
import { benchEngine, opportunity } from './engine.js';
import { macrotask, median, nowNs } from './stats.js';

/** Result of {@link dupRejects}. */
export interface DupResult {
  /** Through `connect`, results counted on `results$` (median of repetitions). */
  readonly connectPerSec: number;
  /** Through `submit`, every promise awaited (median of repetitions). */
  readonly submitPerSec: number;
  /** Through `connect`, per CPU second of this process (robust to a busy machine). */
  readonly connectPerCpuSec: number;
}

const HELD = 7;

/** Measures `reps` batches of `n` duplicates through each entry (see the module comment). */
export async function dupRejects(n: number, reps: number): Promise<DupResult> {
  const e = benchEngine({ park: (id) => id === HELD });
  const holder = e.supervisor.submit(opportunity(HELD, e.clock));
  await macrotask();
  if (!e.supervisor.isInFlight(HELD) || e.supervisor.liveCount() !== 1) {
    throw new Error('dupRejects: the holding execution is not live');
  }
  let delivered = 0;
  const sub = e.supervisor.results$.subscribe((r) => {
    if (r.error === 'already_in_flight') delivered++;
  });
  const dup: FastExecutionRequest = opportunity(HELD, e.clock);
  const burst = new Observable<FastExecutionRequest>((o) => {
    for (let i = 0; i < n; i++) o.next(dup);
    o.complete();
  });
  const viaConnect: number[] = [];
  const viaSubmit: number[] = [];
  const viaConnectCpu: number[] = [];
  const placed = e.kalshi.placed + e.polymarket.placed;
  const noActor = (via: string) => {
    if (e.supervisor.liveCount() !== 1 || e.kalshi.placed + e.polymarket.placed !== placed) {
      throw new Error(`dupRejects: a duplicate through ${via} reached an actor or a venue`);
    }
  };
  for (let r = 0; r <= reps; r++) {
    delivered = 0;
    const c0 = process.cpuUsage();
    const t0 = nowNs();
    e.supervisor.connect(burst);
    const dt = nowNs() - t0;
    const cpu = process.cpuUsage(c0);
    if (r > 0) viaConnectCpu.push((n * 1e6) / Math.max(1, cpu.user + cpu.system));
    if (delivered !== n) throw new Error(`dupRejects: ${delivered} of ${n} delivered`);
    if (r > 0) viaConnect.push((n * 1e9) / dt);
    noActor('connect');
    await macrotask();
    const t1 = nowNs();
    const all: Promise<unknown>[] = new Array<Promise<unknown>>(n);
    for (let i = 0; i < n; i++) all[i] = e.supervisor.submit(dup);
    await Promise.all(all);
    const dt1 = nowNs() - t1;
    if (r > 0) viaSubmit.push((n * 1e9) / dt1);
    noActor('submit');
    await macrotask();
  }
  sub.unsubscribe();
  e.kalshi.releaseParked();
  e.polymarket.releaseParked();
  await holder;
  await e.supervisor.stop({ timeoutMs: 1_000 });
  return {
    connectPerSec: median(viaConnect),
    submitPerSec: median(viaSubmit),
    connectPerCpuSec: median(viaConnectCpu)
  };
}
