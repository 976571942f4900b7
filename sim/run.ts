/**
 * `npm run sim -- --seeds <n> [--start <seed>] [--json <file>] [--workers <k>] [--plant <name>]
 * [--trace]`: runs n seeded scenarios (in worker threads when k > 1), prints failing seeds with
 * a one-line reproduction and their trace, writes the JSON report, exits 1 on any violation.
 */
/* eslint-disable no-console -- the simulation's command line */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { runBatch } from './batch.js';
import { describeFailure, normalized, parseArgs } from './cli.js';
import { runParallel } from './parallel.js';
import { PLANTS } from './plants.js';
import { switchesOf } from './switches.js';
import type { ScenarioOutcome } from './types.js';

const MAX_TRACES = 3;

/** Runs the command line `argv`; resolves with the exit code (0: no violation). */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, availableParallelism());
  if (args.plant !== null && !PLANTS[args.plant]) {
    throw new Error(`unknown plant ${args.plant}; known: ${Object.keys(PLANTS).join(', ')}`);
  }
  let printed = 0;
  const onFailure = (o: ScenarioOutcome) => {
    if (printed++ < MAX_TRACES || args.trace)
      console.log(describeFailure(o, args.plant, args.journal, args.switches));
  };
  const t0 = performance.now();
  const raw =
    args.workers > 1 && args.seeds > 50
      ? await runParallel(args.start, args.seeds, {
          workers: args.workers,
          plant: args.plant,
          durable: args.journal,
          switches: args.switches,
          onFailure
        })
      : await runBatch(args.start, args.seeds, {
          plant: args.plant === null ? undefined : PLANTS[args.plant],
          durable: args.journal,
          switches: switchesOf(args.switches),
          onFailure
        });
  if (args.trace && raw.violations === 0) {
    const { runScenario } = await import('./runner.js');
    for (let s = args.start; s < args.start + args.seeds; s++) {
      const plant = args.plant === null ? undefined : PLANTS[args.plant];
      const switches = switchesOf(args.switches);
      console.log((await runScenario(s, { plant, durable: args.journal, switches })).trace);
    }
  }
  const report = normalized(raw);
  const secs = (performance.now() - t0) / 1000;
  const json = JSON.stringify(report, null, 2);
  if (args.json) writeFileSync(args.json, `${json}\n`);
  console.log(json);
  console.log(
    `sim: ${report.scenarios} scenarios, ${report.violations} with violations, ` +
      `${secs.toFixed(1)} s (${(report.scenarios / secs).toFixed(1)} seeds/s, ${args.workers} worker(s))`
  );
  return report.violations === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 2;
    }
  );
}
