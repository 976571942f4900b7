/**
 * Rate limits cannot wedge a venue: the token bucket caps a 429 penalty (and raises the alarm),
 * lets closes through during a penalty, drops aborted waiters at once, and never hands
 * `setTimeout` a delay it cannot hold. Time is a ManualClock (one test watches real timers
 * only to count them).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { NanoClock } from '../actors/nanoClock.js';
import type { Clock, TimerHandle } from '../core/index.js';
import { MAX_TIMER_MS } from '../adapters/venues/common/timers.js';
import { TokenBucket } from '../adapters/venues/common/tokenBucket.js';

/** Wraps a clock, recording every timer delay asked for. */
function recording(inner: Clock): Clock & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    nowNs: () => inner.nowNs(),
    wallMs: () => inner.wallMs(),
    setTimeout: (fn: () => void, ms: number): TimerHandle => {
      delays.push(ms);
      return inner.setTimeout(fn, ms);
    },
    clearTimeout: (h: TimerHandle) => inner.clearTimeout(h)
  };
}

/** A promise's state without waiting for it. */
function track(p: Promise<boolean>): { done: boolean; value: boolean | undefined } {
  const s = { done: false, value: undefined as boolean | undefined };
  void p.then((v) => {
    s.done = true;
    s.value = v;
  });
  return s;
}

const DAY_MS = 86_400_000;

describe('token bucket under venue penalties', () => {
  it('caps a Retry-After of a day at maxPenaltyMs and reports the cap', async () => {
    const clock = new ManualClock();
    const capped: [number, number][] = [];
    const b = new TokenBucket({
      ratePerSec: 10,
      capacity: 10,
      clock,
      maxPenaltyMs: 60_000,
      onPenaltyCapped: (asked, applied) => capped.push([asked, applied])
    });
    expect(b.penalize(DAY_MS)).toBe(60_000);
    expect(capped).toEqual([[DAY_MS, 60_000]]);
    const next = track(b.take(1));
    await clock.advance(59_000);
    expect(next.done).toBe(false);
    await clock.advance(1_200);
    expect(next).toEqual({ done: true, value: true });
    // a penalty within the cap is applied as asked, without an alarm
    expect(b.penalize(2_000)).toBe(2_000);
    expect(capped).toHaveLength(1);
    // penalties do not add up: the later end wins
    b.penalize(DAY_MS);
    b.penalize(DAY_MS);
    const after = track(b.take(1));
    await clock.advance(60_200);
    expect(after.done).toBe(true);
    expect(capped).toHaveLength(3);
  });

  it('lets closes through during a penalty, ahead of waiting orders, at the client rate', async () => {
    const clock = new ManualClock();
    const b = new TokenBucket({ ratePerSec: 10, capacity: 10, clock });
    b.penalize(DAY_MS);
    const open1 = track(b.take(1));
    const open2 = track(b.take(1));
    await clock.flush();
    expect(await b.take(1, { lane: 'close' })).toBe(true); // at once
    expect(open1.done || open2.done).toBe(false);
    // closes still spend tokens: 10 more go at once (burst), the 11th waits 100 ms, not a day
    for (let i = 0; i < 9; i++) expect(b.tryTake(1, 'close')).toBe(true);
    const close11 = track(b.take(1, { lane: 'close' }));
    await clock.advance(99);
    expect(close11.done).toBe(false);
    await clock.advance(2);
    expect(close11.done).toBe(true);
    expect(open1.done || open2.done).toBe(false);
    // the closes' 11 tokens were spent too: the held orders go 60 s + 1.1 s + their own 0.2 s later
    await clock.advance(61_000);
    expect(open1.done).toBe(false);
    await clock.advance(400);
    expect(open1.done && open2.done).toBe(true);
  });

  it('100 aborted waiters leave at once: the next order is not delayed by them', async () => {
    const clock = new ManualClock();
    const b = new TokenBucket({ ratePerSec: 10, capacity: 1, clock });
    expect(await b.take(1)).toBe(true); // bucket empty now
    const ctl = new AbortController();
    const abandoned = Array.from({ length: 100 }, () => track(b.take(1, { signal: ctl.signal })));
    ctl.abort();
    await clock.flush();
    expect(abandoned.every((a) => a.done && a.value === false)).toBe(true);
    expect(b.waiting()).toBe(0);
    const real = track(b.take(1));
    await clock.advance(100); // one token's time: 100 ms, not 100 × 100 ms
    expect(real).toEqual({ done: true, value: true });
  });

  it('a far-future penalty never asks setTimeout for more than 2^31-1 ms (even uncapped)', async () => {
    const clock = recording(new ManualClock());
    const b = new TokenBucket({ ratePerSec: 10, capacity: 10, clock, maxPenaltyMs: Infinity });
    const farMs = Date.parse('Fri, 31 Dec 9999 23:59:59 GMT') - Date.UTC(2026, 0, 1);
    b.penalize(farMs);
    const ctl = new AbortController();
    const p = track(b.take(1, { signal: ctl.signal }));
    expect(clock.delays.length).toBeGreaterThan(0);
    expect(Math.max(...clock.delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    b.penalize(Infinity);
    b.penalize(Number.NaN);
    expect(Math.max(...clock.delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    ctl.abort();
    await Promise.resolve();
    expect(p.done).toBe(true);
  });

  it('does not spin on real timers under a far-future penalty (no overflow warnings)', async () => {
    const clock = recording(new NanoClock());
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const b = new TokenBucket({
        ratePerSec: 10,
        capacity: 10,
        clock,
        maxPenaltyMs: Infinity
      });
      b.penalize(Date.parse('Fri, 31 Dec 9999 23:59:59 GMT') - Date.now());
      const ctl = new AbortController();
      const p = b.take(1, { signal: ctl.signal });
      await new Promise((r) => setTimeout(r, 50));
      ctl.abort();
      expect(await p).toBe(false);
      // the old bucket re-armed an overflowing (1 ms) timer thousands of times in 50 ms
      expect(clock.delays.length).toBeLessThanOrEqual(3);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
