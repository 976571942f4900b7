/**
 * `npm run bench -- [--quick] [--json <file>]`: runs every benchmark (see bench/README.md),
 * prints the table with PASS/MISS per target and writes the JSON. Bounded: a hard deadline
 * kills the mock venue processes and exits non-zero if the run overstays.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FULL, QUICK } from './plan.js';
import { formatTable, type TargetVerdict } from './report.js';
import { runSuite } from './suite.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } },
  allowPositionals: false
});
const plan = values.quick ? QUICK : FULL;
const deadline = setTimeout(() => {
  console.error(`bench: deadline of ${plan.deadlineMs / 1000} s passed; aborting`);
  process.exit(2); // the 'exit' hook of bench/mocks.ts kills the mock processes
}, plan.deadlineMs);
deadline.unref();

console.log(`twinleg bench (${plan.mode}) — node ${process.version}`);
const report = await runSuite(plan, (line) => console.log(line));
const targets = (report.meta as { targets: TargetVerdict[] }).targets;
console.log('');
console.log(formatTable(report, targets));
console.log('');
const d = report.meta.details as {
  dupRejects: { connectPerCpuSec: number; submitPerSec: number };
  liveCount: { cpu: { live0: number; live1000: number; ratio: number } };
  inspector: { ratio: number; cpu: { perSec: number; ratio: number } };
  venueRoundTrip: { floorSign: { p50: number }; floorRequests: { p50: number } };
  heap: { executions: number; perSec: number };
  eventLoop: { achievedPerSec: number; maxLive: number };
  machinePath: {
    overheadUs: { p50: number; p99: number };
    execPerSec: number;
    cpuUsPerExecution: number;
  };
};
const n = (x: number) => Math.round(x).toLocaleString('en-US');
console.log('  per CPU second of this process (robust on a busy machine):');
console.log(
  `    dupRejects ${n(d.dupRejects.connectPerCpuSec)} (connect); submit() wall ${n(d.dupRejects.submitPerSec)}/s`
);
console.log(
  `    live0 ${n(d.liveCount.cpu.live0)}, live1000 ${n(d.liveCount.cpu.live1000)} (ratio ${d.liveCount.cpu.ratio.toFixed(2)}); inspector ${n(d.inspector.cpu.perSec)} (ratio ${d.inspector.cpu.ratio.toFixed(2)}; wall ratio ${d.inspector.ratio.toFixed(2)})`
);
console.log(
  `  floor = signing p50 ${n(d.venueRoundTrip.floorSign.p50)} µs + both requests p50 ${n(d.venueRoundTrip.floorRequests.p50)} µs`
);
console.log(
  `  heap run: ${n(d.heap.executions)} executions at ${n(d.heap.perSec)}/s; event-loop feed achieved ${n(d.eventLoop.achievedPerSec)}/s (max live ${n(d.eventLoop.maxLive)})`
);
const mp = d.machinePath;
console.log(
  `  machine path (fastLane off, as with an inspector attached): overhead p50 ${mp.overheadUs.p50} / p99 ${mp.overheadUs.p99} µs, ${n(mp.execPerSec)} exec/s, ${n(mp.cpuUsPerExecution)} CPU µs/execution`
);
console.log(`load average before/after: ${JSON.stringify(report.meta.machine)}`);
for (const note of report.meta.notes as string[]) console.log(`note: ${note}`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${values.json}`);
}
clearTimeout(deadline);
process.exit(0);
