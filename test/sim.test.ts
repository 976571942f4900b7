/**
 * The deterministic simulation harness itself: same seed → same trace byte for byte (crash
 * and restart included), and each planted bug is caught within the CI batch.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../sim/batch.js';
import { describeFailure, parseArgs, reproLine } from '../sim/cli.js';
import { runParallel } from '../sim/parallel.js';
import { DELAYED_AS_NONE, skipReleaseOn } from '../sim/plants.js';
import { main } from '../sim/run.js';
import { runScenario } from '../sim/runner.js';
import { generateScenario } from '../sim/scenario.js';
import { DEFAULT_SWITCHES } from '../sim/switches.js';

/** The CI batch of `npm test` (test/sim.batch*.test.ts): seeds 1 … 1000. */
const CI_BATCH = 1_000;

describe('simulation harness', () => {
  it('the same seed gives the same trace, byte for byte (crash and restart included)', async () => {
    let resumed: number | undefined;
    for (let seed = 1; seed <= 40 && resumed === undefined; seed++) {
      if (generateScenario(seed).crashAtInteraction === null) continue;
      if ((await runScenario(seed)).trace.includes('resumes [p1-')) resumed = seed;
    }
    expect(resumed).toBeDefined();
    for (const seed of [1, 2, resumed!]) {
      const a = await runScenario(seed);
      const b = await runScenario(seed);
      expect(b.trace).toBe(a.trace);
      expect(b.violations).toEqual(a.violations);
      expect(b.faults).toEqual(a.faults);
      expect(a.trace.length).toBeGreaterThan(500);
      expect(a.trace).toMatch(/fill p1-/);
    }
  }, 120_000);

  it('different seeds give different worlds', async () => {
    const a = await runScenario(11);
    const b = await runScenario(12);
    expect(a.trace).not.toBe(b.trace);
  });

  it('catches a planted bug: Polymarket delayed treated as 0 filled', async () => {
    const r = await runBatch(1, CI_BATCH, { plant: DELAYED_AS_NONE, stopOnFailure: true });
    expect(r.violations).toBe(1);
    expect(['fills-match-venue', 'residual-flagged', 'pnl-matches-cash']).toContain(
      r.failures[0]?.invariant
    );
  }, 300_000);

  it('catches a planted bug: the slot release skipped on the execution_failed path', async () => {
    const r = await runBatch(1, CI_BATCH, {
      plant: skipReleaseOn('execution_failed'),
      stopOnFailure: true
    });
    expect(r.violations).toBe(1);
    expect(r.failures[0]?.invariant).toBe('release-policy');
  }, 300_000);

  it('a failing seed prints a one-line reproduction and a readable trace', async () => {
    let text = '';
    await runBatch(1, CI_BATCH, {
      plant: skipReleaseOn('execution_failed'),
      stopOnFailure: true,
      onFailure: (o) => (text = describeFailure(o, 'skip-release-on-execution_failed'))
    });
    const seed = Number(/seed (\d+) failed/.exec(text)?.[1]);
    expect(text).toContain(reproLine(seed, 'skip-release-on-execution_failed'));
    expect(text).toMatch(/VIOLATION release-policy/);
    expect(text).toMatch(/result p1-\d+ m=\d+ execution_failed/);
  }, 300_000);

  it('parses the command line', () => {
    expect(parseArgs(['--seeds', '10000', '--start', '5', '--json', 'r.json'], 8)).toEqual({
      seeds: 10_000,
      start: 5,
      json: 'r.json',
      workers: 2,
      plant: null,
      trace: false,
      journal: 'ledger',
      switches: DEFAULT_SWITCHES
    });
    expect(parseArgs(['--switch', 'strictExposure,crashAtIntent'], 2).switches).toEqual([
      ...new Set([...DEFAULT_SWITCHES, 'strictExposure', 'crashAtIntent'])
    ]);
    expect(() => parseArgs(['--switch', 'bogus'], 2)).toThrow(/unknown switch bogus/);
    expect(parseArgs(['--journal', 'memory'], 1)).toMatchObject({ journal: 'memory', workers: 1 });
    expect(() => parseArgs(['--journal', 'sqlite'], 2)).toThrow(/--journal is one of/);
    expect(() => parseArgs(['--seeds', '0'], 2)).toThrow(/--seeds/);
    expect(() => parseArgs(['--bogus'], 2)).toThrow(/unknown argument/);
  });
});

describe('simulation command line', () => {
  it('npm run sim writes the report JSON (and the parallel run equals the sequential one)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const seq = join(dir, 'seq.json');
    const par = join(dir, 'par.json');
    expect(await main(['--seeds', '60', '--start', '3', '--workers', '1', '--json', seq])).toBe(0);
    expect(await main(['--seeds', '60', '--start', '3', '--workers', '2', '--json', par])).toBe(0);
    const report = JSON.parse(readFileSync(seq, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'scenarios',
      'violations',
      'faults',
      'failures',
      'unclosable'
    ]);
    expect(report).toMatchObject({ scenarios: 60, violations: 0, failures: [] });
    expect(readFileSync(par, 'utf8')).toBe(readFileSync(seq, 'utf8'));
    const direct = await runParallel(3, 60, { workers: 2, chunk: 7 });
    expect(direct.scenarios).toBe(60);
  }, 300_000);
});
