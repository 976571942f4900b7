/**
 * Asserts the in-flight bit of the last result's market per its release policy: free at once
 * (immediate), or held exactly until the 10 s delayed release (manual clock).
 */
import { expect } from 'vitest';
import { releasePolicyOf } from '../../core/index.js';
import type { TestEngine } from './engine.js';

/** The delayed-release default, ms. */
export const DELAY = 10_000;

/** Checks the bit per `policy`, advancing the harness clock through the delay if needed. */
export async function expectRelease(
  e: TestEngine,
  marketId: number,
  policy: 'immediate' | 'delayed'
): Promise<void> {
  const last = e.results.at(-1);
  expect(releasePolicyOf(last?.error ?? null)).toBe(policy);
  if (policy === 'immediate') {
    expect(e.supervisor.isInFlight(marketId)).toBe(false);
    return;
  }
  expect(e.supervisor.isInFlight(marketId)).toBe(true);
  const deliveredAt = last ? (e.resultAt.get(last.executionId) ?? 0) : 0;
  await e.clock.advance(deliveredAt + DELAY - 1 - e.clock.nowMs());
  expect(e.supervisor.isInFlight(marketId)).toBe(true);
  await e.clock.advance(1);
  expect(e.supervisor.isInFlight(marketId)).toBe(false);
}
