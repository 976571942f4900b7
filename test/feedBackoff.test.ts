import { describe, expect, it } from 'vitest';
import { Backoff, RingQueue } from '../adapters/feeds/index.js';

describe('feed backoff', () => {
  it('doubles its ceiling up to the cap, jitters within [ceiling/2, ceiling], and resets', () => {
    const rs = [0, 1, 0.5, 1, 1, 1, 1, 1, 1];
    let i = 0;
    const b = new Backoff({ baseMs: 100, maxMs: 1_000, random: () => rs[i++ % rs.length]! });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([
      50, 200, 300, 800, 1_000, 1_000
    ]);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(100);
  });

  it('is seeded by default: two instances give the same delays', () => {
    const a = new Backoff();
    const b = new Backoff();
    const da = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(da);
    expect(da[2]).toBeGreaterThanOrEqual(1_000);
    expect(da[2]).toBeLessThanOrEqual(2_000);
  });
});

describe('feed ring queue', () => {
  it('refuses instead of growing when full, and keeps FIFO order across the wrap', () => {
    const q = new RingQueue<number>(3);
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([true, true, true, false]);
    expect(q.shift()).toBe(1);
    expect(q.push(5)).toBe(true);
    expect([q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([2, 3, 5, undefined]);
    q.push(6);
    q.clear();
    expect(q.length).toBe(0);
  });
});
