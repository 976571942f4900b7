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
  dupRejects: { submitPerSec: number };
  liveCount: { ratio: number; cpu: { ratio: number } };
  inspector: { ratio: number; cpu: { ratio: number }; page: { frames: number } };
  execOverhead: { pooled: { p999: number; max: number } };
  venueRoundTrip: {
    floorSign: { p50: number };
    floorRequests: { p50: number };
    e2eSplit: Record<'toFirstOrder' | 'toPlaced' | 'venues' | 'afterAnswers', { p50: number }>;
  };
  heap: { perSec: number; bytesPerExecution: number };
  signing: { nobleDigestSignUs: { p50: number }; mismatches: number; samples: number };
  eventLoop: { achievedPerSec: number; maxLive: number };
};
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const r2 = (x: number) => x.toFixed(2);
console.log(
  `  dupRejects through submit() (a promise each): ${n(d.dupRejects.submitPerSec)}/s wall`
);
console.log(
  `  overhead pooled p99.9 ${d.execOverhead.pooled.p999} µs, max ${d.execOverhead.pooled.max} µs`
);
console.log(
  `  live1000/live0: ${r2(d.liveCount.cpu.ratio)} per CPU s, ${r2(d.liveCount.ratio)} wall; inspected/uninspected: ${r2(d.inspector.cpu.ratio)} per CPU s, ${r2(d.inspector.ratio)} wall (page got ${n(d.inspector.page.frames)} frames)`
);
console.log(
  `  floor = signing p50 ${n(d.venueRoundTrip.floorSign.p50)} µs + both requests p50 ${n(d.venueRoundTrip.floorRequests.p50)} µs`
);
console.log(
  `  signing: Polymarket p50 ${r2(report.polySignUs.p50)} µs vs viem signTypedData ${r2(report.viemSignTypedDataUs.p50)} µs (${r2(report.polySignSpeedup)}×; viem's sign of the digest alone ${r2(d.signing.nobleDigestSignUs.p50)} µs); ${n(d.signing.samples)} orders, ${d.signing.mismatches} differing signatures; Kalshi presignature ${r2(report.kalshiSignUs.p50)} µs, taking one ${r2(report.kalshiPresignedUs.p50)} µs`
);
const sp = d.venueRoundTrip.e2eSplit;
console.log(
  `  e2e = to both orders p50 ${n(sp.toPlaced.p50)} µs (engine to the first ${n(sp.toFirstOrder.p50)} µs) + venues p50 ${n(sp.venues.p50)} µs + engine after the answers p50 ${n(sp.afterAnswers.p50)} µs`
);
console.log(
  `  heap run at ${n(d.heap.perSec)}/s (${d.heap.bytesPerExecution} bytes/execution); event-loop feed achieved ${n(d.eventLoop.achievedPerSec)}/s (max live ${n(d.eventLoop.maxLive)})`
);
console.log(`load average before/after: ${JSON.stringify(report.meta.machine)}`);
for (const note of report.meta.notes as string[]) console.log(`note: ${note}`);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${values.json}`);
}
clearTimeout(deadline);
process.exit(0);
