/**
 * Child side of {@link runIsolated}: runs the event-loop benchmark once in this fresh process
 * and sends the result to the parent over IPC. Before the feed it monitors the idle event
 * loop for `idleMs` (the machine's own noise), and it reads the CPU time the hypervisor stole
 * from this VM during the feed (`/proc/stat`, Linux; null elsewhere). If the parent dies (its
 * stdin pipe closes), the child stops.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { eventLoopDelay, type EventLoopResult } from './eventLoop.js';
import { round } from './stats.js';

/** What the child answers. */
export interface IsolatedLoopResult extends EventLoopResult {
  /** p99 of the event-loop delay with nothing running, ms. */
  readonly idleP99Ms: number;
  /** Share of all CPU time stolen by the hypervisor during the feed, %, or null. */
  readonly stealPct: number | null;
}

/** [steal, total] jiffies of all CPUs, or null when /proc/stat is unavailable. */
function cpuJiffies(): [number, number] | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
    const n = f.map(Number);
    return [n[7] ?? 0, n.reduce((a, b) => a + b, 0)];
  } catch {
    return null;
  }
}

process.stdin.on('end', () => process.exit(3));
process.stdin.resume();

const args = process.argv.slice(2);
const n = args.slice(1).map(Number);
if (args[0] !== 'eventLoop' || n.length !== 4 || n.some((x) => !Number.isFinite(x))) {
  console.error(`isolatedChild: unknown benchmark or bad arguments: ${args.join(' ')}`);
  process.exit(2);
}
const [rate, durationMs, drainMs, idleMs] = n as [number, number, number, number];
const idle = monitorEventLoopDelay({ resolution: 1 });
idle.enable();
await new Promise((r) => setTimeout(r, idleMs));
idle.disable();
const before = cpuJiffies();
const loop = await eventLoopDelay(rate, durationMs, drainMs);
const after = cpuJiffies();
const stealPct =
  before && after && after[1] > before[1]
    ? round(((after[0] - before[0]) * 100) / (after[1] - before[1]), 1)
    : null;
const result: IsolatedLoopResult = {
  ...loop,
  idleP99Ms: round(idle.percentile(99) / 1e6, 2),
  stealPct
};
process.send?.(result, () => process.exit(0));
