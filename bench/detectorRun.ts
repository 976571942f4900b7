/**
 * `npx tsx bench/detectorRun.ts [--quick] [--replay-s <s>] [--window-s <s>] [--markets <n>]
 * [--rate <n>] [--json <file>]`: the detector benchmark alone (bench/detector.ts), the plan of
 * the full suite unless told otherwise. `--replay-s 600` replays the 10 minutes of
 * feed in engine time. Bounded: a hard deadline exits the run.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { detectorBench, detectorLine } from './detector.js';
import { FULL, QUICK } from './plan.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'replay-s': { type: 'string' },
    'window-s': { type: 'string' },
    markets: { type: 'string' },
    rate: { type: 'string' },
    json: { type: 'string' }
  },
  allowPositionals: false
});
const base = (values.quick ? QUICK : FULL).detector;
const num = (s: string | undefined, d: number): number => (s === undefined ? d : Number(s));
const plan = {
  ...base,
  markets: num(values.markets, base.markets),
  ratePerSec: num(values.rate, base.ratePerSec),
  windowMs: num(values['window-s'], base.windowMs / 1000) * 1000,
  replaySec: num(values['replay-s'], base.replaySec)
};
const deadline = setTimeout(
  () => {
    console.error('detector bench: deadline passed; aborting');
    process.exit(2);
  },
  plan.warmupMs + plan.windowMs + plan.replayMaxMs + 60_000
);
deadline.unref();
const r = await detectorBench(plan);
console.log(detectorLine(r));
if (values.json) writeFileSync(values.json, JSON.stringify({ plan, ...r }, null, 2));
