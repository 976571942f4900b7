/**
 * The CI batch of the deterministic simulation, part 1 of 2 (seeds 1 … 500; the other
 * half is `sim.batch2.test.ts`, so vitest runs both on separate workers): 0 violations on the real
 * engine, and every fault kind of the default switches (`sim/switches.ts`) injected at
 * least once.
 */
import { describe, expect, it } from 'vitest';
import { runBatch } from '../sim/batch.js';
import { describeFailure } from '../sim/cli.js';
import { defaultSwitches, faultEnabled } from '../sim/switches.js';
import { FAULT_KINDS } from '../sim/types.js';

describe('simulation batch (seeds 1–500)', () => {
  it('finds no violation on the real engine, with every fault kind injected', async () => {
    const r = await runBatch(1, 500, { onFailure: (o) => console.log(describeFailure(o, null)) });
    expect(r.scenarios).toBe(500);
    expect(r.failures).toEqual([]);
    const sw = defaultSwitches();
    for (const k of FAULT_KINDS.filter((x) => faultEnabled(x, sw)))
      expect(r.faults[k] ?? 0, k).toBeGreaterThan(0);
  }, 600_000);
});
