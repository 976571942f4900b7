/**
 * Smoke test of the detector benchmark (bench/detector.ts) on the tiny plan: it finishes,
 * emits requests and reports well-formed numbers. No timing is asserted (tests never time).
 */
import { describe, expect, it } from 'vitest';
import { BookSynth } from '../bench/bookSynth.js';
import { detectorBench } from '../bench/detector.js';
import { SMOKE } from '../bench/plan.js';
import { bestArb, cents, contracts, isCrossed } from '../core/index.js';

describe('detector bench', () => {
  it('the synthetic traffic keeps books uncrossed and opens arbs only on dislocations', () => {
    const s = new BookSynth(20, 3);
    const limits = { minProfitPerContract: cents(1), minQty: contracts(1) };
    let arbs = 0;
    for (let i = 0; i < 5_000; i++) {
      const id = s.next(2, i);
      const b = s.books.get(id)!;
      for (const o of [b.kalshi.yes, b.kalshi.no, b.polymarket.yes, b.polymarket.no]) {
        expect(o.stale).toBe(false);
        expect(isCrossed(o)).toBe(false);
      }
      if (bestArb(s.markets[id]!, b, limits)) arbs++;
    }
    expect(arbs).toBeGreaterThan(0);
    expect(arbs).toBeLessThan(500);
  });

  it('runs on the smoke plan and reports well-formed numbers', async () => {
    const r = await detectorBench(SMOKE.detector);
    expect(r.updates).toBeGreaterThan(0);
    expect(r.evalUs.count).toBe(r.updates);
    expect(r.tight.evalUs.count).toBe((SMOKE.detector.windowMs / 1000) * SMOKE.detector.ratePerSec);
    expect(r.tight.detectUs.count).toBeGreaterThan(0);
    expect(r.heap.updates).toBe(SMOKE.detector.replaySec * SMOKE.detector.ratePerSec);
    expect(r.heap.requests).toBeGreaterThan(0);
    expect(Number.isFinite(r.heap.growthMB)).toBe(true);
    expect(r.targets.map((t) => t.name)).toEqual([
      'detectUs.p50',
      'detectUs.p99',
      'detectorHeapGrowthMB'
    ]);
  }, 60_000);
});
