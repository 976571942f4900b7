import { describe, expect, it } from 'vitest';
import { ManualClock } from '../actors/manualClock.js';
import { ReleaseQueue } from '../actors/releaseQueue.js';

function setup(onError?: (e: unknown, id: number) => void) {
  const clock = new ManualClock();
  const released: number[] = [];
  const queue = new ReleaseQueue(
    clock,
    (id) => released.push(id),
    onError ? { onError } : undefined
  );
  return { clock, released, queue };
}

describe('ReleaseQueue', () => {
  it('releases a 10 s delayed slot at 10,000 ms, not at 9,999 ms', async () => {
    const { clock, released, queue } = setup();
    queue.schedule(42, 10_000);
    expect(queue.has(42)).toBe(true);
    expect(queue.pending()).toEqual([{ marketId: 42, dueNs: 10_000_000_000 }]);
    await clock.advance(9_999);
    expect(released).toEqual([]);
    expect(queue.size()).toBe(1);
    await clock.advance(1);
    expect(released).toEqual([42]);
    expect(queue.size()).toBe(0);
    expect(queue.has(42)).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('arms only one clock timer, for the earliest deadline', async () => {
    const { clock, released, queue } = setup();
    queue.schedule(1, 10_000);
    await clock.advance(1_000);
    queue.schedule(2, 10_000);
    await clock.advance(1_000);
    queue.schedule(3, 10_000);
    expect(queue.size()).toBe(3);
    expect(clock.pendingTimers()).toBe(1);

    await clock.advance(8_000); // t = 10 s: only the first is due
    expect(released).toEqual([1]);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(2_000);
    expect(released).toEqual([1, 2, 3]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('releases in deadline order, FIFO among equal deadlines', async () => {
    const { clock, released, queue } = setup();
    queue.schedule(10, 10_000);
    queue.schedule(11, 5_000); // earlier: re-arms the one timer
    queue.schedule(12, 10_000);
    queue.schedule(13, 0);
    queue.schedule(14, 5_000);
    expect(clock.pendingTimers()).toBe(1);
    expect(queue.pending().map((p) => p.marketId)).toEqual([13, 11, 14, 10, 12]);
    await clock.advance(0);
    expect(released).toEqual([13]);
    await clock.advance(20_000);
    expect(released).toEqual([13, 11, 14, 10, 12]);
  });

  it('releases everything due when one timer covers several entries', async () => {
    const { clock, released, queue } = setup();
    for (let id = 0; id < 2_000; id++) queue.schedule(id, 10_000);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(10_000);
    expect(released).toHaveLength(2_000);
    expect(released[0]).toBe(0);
    expect(released[1_999]).toBe(1_999);
    expect(queue.size()).toBe(0);
  });

  it('counts repeated schedules of one market', async () => {
    const { clock, released, queue } = setup();
    queue.schedule(7, 1_000);
    queue.schedule(7, 2_000);
    await clock.advance(1_000);
    expect(queue.has(7)).toBe(true);
    await clock.advance(1_000);
    expect(queue.has(7)).toBe(false);
    expect(released).toEqual([7, 7]);
  });

  it('flushAll releases everything now, in order, and clears the timer', async () => {
    const { clock, released, queue } = setup();
    queue.schedule(3, 10_000);
    queue.schedule(1, 2_000);
    queue.schedule(2, 5_000);
    queue.flushAll();
    expect(released).toEqual([1, 2, 3]);
    expect(queue.size()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(20_000);
    expect(released).toEqual([1, 2, 3]);
  });

  it('cancelAll drops entries without releasing them', async () => {
    const { clock, released, queue } = setup();
    queue.schedule(1, 1_000);
    queue.schedule(2, 2_000);
    queue.cancelAll();
    expect(queue.size()).toBe(0);
    expect(queue.has(1)).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(5_000);
    expect(released).toEqual([]);
  });

  it('an onRelease that throws does not stop later releases', async () => {
    const clock = new ManualClock();
    const released: number[] = [];
    const errors: [unknown, number][] = [];
    const queue = new ReleaseQueue(
      clock,
      (id) => {
        if (id === 2) throw new Error('boom');
        released.push(id);
      },
      { onError: (e, id) => errors.push([e, id]) }
    );
    queue.schedule(1, 100);
    queue.schedule(2, 100);
    queue.schedule(3, 100);
    queue.schedule(4, 200);
    await clock.advance(100);
    expect(released).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toBe(2);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(100);
    expect(released).toEqual([1, 3, 4]);
  });

  it('works without onError when onRelease throws', async () => {
    const clock = new ManualClock();
    const queue = new ReleaseQueue(clock, () => {
      throw new Error('boom');
    });
    queue.schedule(1, 10);
    queue.schedule(2, 10);
    await clock.advance(10);
    expect(queue.size()).toBe(0);
  });

  it('a release that re-schedules is queued for later, not looped', () => {
    const clock = new ManualClock();
    const released: number[] = [];
    const queue: ReleaseQueue = new ReleaseQueue(clock, (id) => {
      released.push(id);
      queue.schedule(id, 0); // every release re-schedules itself at once
    });
    queue.schedule(9, 1_000);
    queue.schedule(8, 5_000);
    queue.flushAll();
    expect(released).toEqual([9, 8]);
    expect(queue.pending().map((p) => p.marketId)).toEqual([9, 8]);
    expect(clock.pendingTimers()).toBe(1);
    queue.cancelAll();
  });

  it('a release scheduled from onRelease during a timer drain gets the one timer', async () => {
    const clock = new ManualClock();
    const released: number[] = [];
    const queue: ReleaseQueue = new ReleaseQueue(clock, (id) => {
      released.push(id);
      if (released.length === 1) queue.schedule(id, 1_000);
    });
    queue.schedule(5, 1_000);
    await clock.advance(1_000);
    expect(released).toEqual([5]);
    expect(queue.has(5)).toBe(true);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(999);
    expect(released).toEqual([5]);
    await clock.advance(1);
    expect(released).toEqual([5, 5]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects bad arguments', () => {
    const { queue } = setup();
    expect(() => queue.schedule(-1, 10)).toThrow(RangeError);
    expect(() => queue.schedule(1.5, 10)).toThrow(RangeError);
    expect(() => queue.schedule(1, -1)).toThrow(RangeError);
    expect(() => queue.schedule(1, NaN)).toThrow(RangeError);
    expect(queue.size()).toBe(0);
  });
});
