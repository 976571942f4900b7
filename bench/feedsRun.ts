/**
 * `npx tsx bench/feedsRun.ts [--quick] [--heap-messages <n>] [--json <file>]`: the feed decode+apply benchmark alone
 * (bench/feeds.ts). Bounded: a hard deadline exits the run.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { feedsBench, feedsLine } from './feeds.js';
import { FULL, QUICK } from './plan.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'heap-messages': { type: 'string' },
    json: { type: 'string' }
  },
  allowPositionals: false
});
const base = (values.quick ? QUICK : FULL).feeds;
const heapMessages = values['heap-messages'];
const plan = heapMessages === undefined ? base : { ...base, heapMessages: Number(heapMessages) };
const deadline = setTimeout(
  () => {
    console.error('feeds bench: deadline passed; aborting');
    process.exit(2);
  },
  4 * plan.maxMs + 30_000
);
deadline.unref();
const r = await feedsBench(plan);
console.log(feedsLine(r));
if (values.json) writeFileSync(values.json, JSON.stringify({ plan, ...r }, null, 2));
