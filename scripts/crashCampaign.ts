/**
 * The crash campaign of issue 13 against the real CLI and the mock venues (loopback only):
 *
 *     npm run crash-campaign -- --cycles 24 --seed 7 --json out.json
 *
 * Starts both mock venues in this process, then `--cycles` times: queues venue faults, starts
 * `twinleg run --live --feed stdin --db <ledger>`, feeds it opportunities and SIGKILLs it at a
 * random moment; then a clean run until it stops by itself; then audits the ledger against what
 * the venues executed and hold. Prints a table; exits 1 when a must-be-0 figure is not 0 (or a
 * check fails), 2 on a usage error. Bounded by the cycle count and `--wall-cap` (seconds).
 * See scripts/README.md.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULTS, runCampaign, type CampaignOptions } from './crashCampaign/campaign.js';
import { passed, table } from './crashCampaign/report.js';

const USAGE = `usage: npm run crash-campaign -- [--cycles N] [--seed N] [--json FILE] [--markets N]
  [--wall-cap SECONDS] [--clean-cap SECONDS] [--max-kill-ms MS] [--dir DIR] [--engine-root DIR]
  [--quiet]`;

/** A usage error. */
class Usage extends Error {}

const int = (name: string, text: string | undefined, dflt: number, min = 1): number => {
  if (text === undefined) return dflt;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new Usage(`--${name}: expected an integer ≥ ${min}, got ${JSON.stringify(text)}`);
  return Number(text);
};

/** The campaign options and output file of a command line. */
export function parseCommandLine(argv: readonly string[]): {
  options: CampaignOptions;
  json: string | undefined;
  quiet: boolean;
} {
  const { values: v } = parseArgs({
    args: [...argv],
    options: {
      cycles: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
      markets: { type: 'string' },
      'wall-cap': { type: 'string' },
      'clean-cap': { type: 'string' },
      'max-kill-ms': { type: 'string' },
      dir: { type: 'string' },
      'engine-root': { type: 'string' },
      quiet: { type: 'boolean', default: false }
    },
    strict: true
  });
  const maxKill = int('max-kill-ms', v['max-kill-ms'], DEFAULTS.killMs[1], 300);
  const options: CampaignOptions = {
    ...DEFAULTS,
    cycles: int('cycles', v.cycles, 24),
    seed: int('seed', v.seed, 7, 0),
    markets: int('markets', v.markets, DEFAULTS.markets),
    wallCapMs: int('wall-cap', v['wall-cap'], DEFAULTS.wallCapMs / 1000, 10) * 1000,
    cleanCapMs: int('clean-cap', v['clean-cap'], DEFAULTS.cleanCapMs / 1000, 10) * 1000,
    killMs: [Math.min(DEFAULTS.killMs[0], maxKill), maxKill],
    ...(v.dir === undefined ? {} : { dir: v.dir }),
    ...(v['engine-root'] === undefined ? {} : { engineRoot: resolve(v['engine-root']) })
  };
  return { options, json: v.json, quiet: v.quiet ?? false };
}

async function main(argv: readonly string[]): Promise<number> {
  let cmd: ReturnType<typeof parseCommandLine>;
  try {
    cmd = parseCommandLine(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const progress = cmd.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  const report = await runCampaign({ ...cmd.options, ...(progress ? { progress } : {}) });
  if (cmd.json) writeFileSync(cmd.json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${table(report)}\n`);
  return passed(report) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(
        `crash campaign failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
      );
      process.exit(1);
    }
  );
}
