import { describe, expect, it } from 'vitest';
import { LiveList, type LiveNode } from '../actors/liveList.js';
import { SignalPool } from '../actors/signalPool.js';

interface N extends LiveNode {
  readonly id: number;
}
const node = (id: number): N => ({ id, prev: null, next: null });

describe('LiveList (the fast lane live runs)', () => {
  it('keeps insertion order through removals at the head, middle and tail', () => {
    const l = new LiveList<N>();
    const ns = [1, 2, 3, 4, 5].map(node);
    ns.forEach((n) => l.add(n));
    expect(l.remove(ns[2]!)).toBe(true);
    expect(l.remove(ns[0]!)).toBe(true);
    expect(l.remove(ns[4]!)).toBe(true);
    expect(l.values().map((n) => n.id)).toEqual([2, 4]);
    expect(l.size).toBe(2);
  });

  it('clears the links of a removed node and refuses to remove it twice', () => {
    const l = new LiveList<N>();
    const [a, b] = [node(1), node(2)];
    l.add(a);
    l.add(b);
    l.remove(a);
    expect([a.prev, a.next]).toEqual([null, null]);
    expect(l.remove(a)).toBe(false);
    expect(l.size).toBe(1);
    l.remove(b);
    expect(l.values()).toEqual([]);
    l.add(a); // empty list takes nodes again
    expect(l.values()).toEqual([a]);
  });
});

describe('SignalPool', () => {
  it('reuses a clean controller and drops aborted ones or ones with a listener left', () => {
    const pool = new SignalPool(2);
    const clean = pool.take();
    pool.give(clean);
    expect(pool.take()).toBe(clean);

    const aborted = new AbortController();
    aborted.abort();
    pool.give(aborted);
    const leaky = new AbortController();
    leaky.signal.addEventListener('abort', () => undefined);
    pool.give(leaky);
    expect(pool.size).toBe(0);
    const fresh = pool.take();
    expect(fresh.signal.aborted).toBe(false);
    expect([aborted, leaky]).not.toContain(fresh);
  });

  it('holds at most its maximum', () => {
    const pool = new SignalPool(2);
    for (let i = 0; i < 5; i++) pool.give(new AbortController());
    expect(pool.size).toBe(2);
  });
});
