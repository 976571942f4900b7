import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { InFlightBitmask, MAX_INFLIGHT_CAPACITY } from '../actors/inflightBitmask.js';
import { TwinlegError } from '../core/index.js';

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TwinlegError);
    expect((e as TwinlegError).code).toBe('invalid_request');
    return;
  }
  expect.fail('expected a TwinlegError invalid_request');
}

describe('InFlightBitmask', () => {
  it('claims once, rejects the duplicate, and claims again after release', () => {
    const b = new InFlightBitmask();
    expect(b.capacity).toBe(512);
    expect(b.buffer.byteLength).toBe(64);
    expect(b.tryClaim(7)).toBe(true);
    expect(b.tryClaim(7)).toBe(false);
    expect(b.isClaimed(7)).toBe(true);
    expect(b.release(7)).toBe(true);
    expect(b.isClaimed(7)).toBe(false);
    expect(b.release(7)).toBe(false);
    expect(b.tryClaim(7)).toBe(true);
  });

  it('handles word boundaries and the sign bit (ids 0, 31, 32, 511)', () => {
    const b = new InFlightBitmask(512);
    for (const id of [0, 31, 32, 511]) {
      expect(b.tryClaim(id)).toBe(true);
      expect(b.tryClaim(id)).toBe(false);
    }
    expect(b.claimedIds()).toEqual([0, 31, 32, 511]);
    expect(b.claimedCount()).toBe(4);
    for (const id of [0, 31, 32, 511]) expect(b.release(id)).toBe(true);
    expect(b.claimedCount()).toBe(0);
  });

  it('keeps neighbouring bits independent', () => {
    const b = new InFlightBitmask(128);
    expect(b.tryClaim(40)).toBe(true);
    for (const id of [39, 41, 8, 72]) expect(b.isClaimed(id)).toBe(false);
    expect(b.tryClaim(39)).toBe(true);
    expect(b.tryClaim(41)).toBe(true);
    expect(b.release(40)).toBe(true);
    expect(b.claimedIds()).toEqual([39, 41]);
    expect(b.release(40)).toBe(false);
    expect(b.claimedIds()).toEqual([39, 41]);
  });

  it('counts claimed slots across every word', () => {
    const b = new InFlightBitmask(1024);
    const ids = Array.from({ length: 1024 }, (_, i) => i).filter((i) => i % 3 === 0);
    for (const id of ids) b.tryClaim(id);
    expect(b.claimedCount()).toBe(ids.length);
    expect(b.claimedIds()).toEqual(ids);
    for (let i = 0; i < 1024; i++) b.tryClaim(i);
    expect(b.claimedCount()).toBe(1024);
  });

  it('covers ids up to 65,535 at capacity 65,536', () => {
    const b = new InFlightBitmask(65_536);
    expect(b.buffer.byteLength).toBe(8_192);
    expect(b.tryClaim(65_535)).toBe(true);
    expect(b.tryClaim(65_535)).toBe(false);
    expect(b.claimedIds()).toEqual([65_535]);
    expectInvalid(() => b.tryClaim(65_536));
  });

  it('rejects ids outside [0, capacity) with invalid_request, on every method', () => {
    const b = new InFlightBitmask(512);
    for (const id of [512, 513, -1, 1.5, NaN, Infinity, 2 ** 32, '3' as unknown as number]) {
      expectInvalid(() => b.tryClaim(id));
      expectInvalid(() => b.release(id));
      expectInvalid(() => b.isClaimed(id));
    }
    expect(b.claimedCount()).toBe(0);
  });

  it('validates the capacity', () => {
    for (const c of [0, -32, 31, 33, 100, 1.5, NaN, MAX_INFLIGHT_CAPACITY + 32]) {
      expect(() => new InFlightBitmask(c)).toThrow(RangeError);
    }
    expect(new InFlightBitmask(32).capacity).toBe(32);
    expect(new InFlightBitmask(MAX_INFLIGHT_CAPACITY).capacity).toBe(MAX_INFLIGHT_CAPACITY);
  });

  it('attaches to an existing buffer and shares its bits', () => {
    const a = new InFlightBitmask(256);
    const b = InFlightBitmask.fromBuffer(a.buffer, 256);
    expect(a.tryClaim(200)).toBe(true);
    expect(b.isClaimed(200)).toBe(true);
    expect(b.tryClaim(200)).toBe(false);
    expect(b.release(200)).toBe(true);
    expect(a.isClaimed(200)).toBe(false);
    expect(() => InFlightBitmask.fromBuffer(new SharedArrayBuffer(16), 256)).toThrow(RangeError);
    const notShared = new ArrayBuffer(64) as unknown as SharedArrayBuffer;
    expect(() => InFlightBitmask.fromBuffer(notShared, 256)).toThrow(RangeError);
  });
});

/** Plain JS run in a real worker thread, attached to the same SharedArrayBuffer. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const words = new Int32Array(workerData.sab);
const bitOf = (id) => 1 << (id & 31);
parentPort.on('message', (m) => {
  if (m.op === 'check') {
    parentPort.postMessage(m.ids.map((id) => (Atomics.load(words, id >>> 5) & bitOf(id)) !== 0));
  } else if (m.op === 'claim') {
    const bit = bitOf(m.id);
    parentPort.postMessage((Atomics.or(words, m.id >>> 5, bit) & bit) === 0);
  } else if (m.op === 'race') {
    const won = [];
    for (let id = 0; id < m.n; id++) {
      const bit = bitOf(id);
      if ((Atomics.or(words, id >>> 5, bit) & bit) === 0) won.push(id);
    }
    parentPort.postMessage(won);
  }
});
parentPort.postMessage('ready');
`;

describe('InFlightBitmask across threads', () => {
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.terminate();
    worker = undefined;
  });

  function start(sab: SharedArrayBuffer): Promise<Worker> {
    const w = new Worker(WORKER, { eval: true, workerData: { sab } });
    worker = w;
    return new Promise((resolve, reject) => {
      w.once('error', reject);
      w.once('message', () => {
        w.off('error', reject);
        resolve(w);
      });
    });
  }

  function ask<T>(w: Worker, msg: object): Promise<T> {
    return new Promise((resolve, reject) => {
      w.once('error', reject);
      w.once('message', (v: T) => {
        w.off('error', reject);
        resolve(v);
      });
      w.postMessage(msg);
    });
  }

  it('a worker sees the main thread claims, and the main thread sees the worker claims', async () => {
    const b = new InFlightBitmask(1024);
    b.tryClaim(5);
    b.tryClaim(31);
    b.tryClaim(700);
    const w = await start(b.buffer);

    const seen = await ask<boolean[]>(w, { op: 'check', ids: [5, 6, 31, 32, 700, 701] });
    expect(seen).toEqual([true, false, true, false, true, false]);

    expect(await ask<boolean>(w, { op: 'claim', id: 900 })).toBe(true);
    expect(b.isClaimed(900)).toBe(true);
    expect(b.tryClaim(900)).toBe(false);
    expect(await ask<boolean>(w, { op: 'claim', id: 700 })).toBe(false);

    b.release(900);
    expect(await ask<boolean[]>(w, { op: 'check', ids: [900] })).toEqual([false]);
  });

  it('a contended claim is won by exactly one thread per id', async () => {
    const n = 4096;
    const b = new InFlightBitmask(n);
    const w = await start(b.buffer);
    const workerWon = ask<number[]>(w, { op: 'race', n });
    const mainWon: number[] = [];
    for (let id = n - 1; id >= 0; id--) if (b.tryClaim(id)) mainWon.push(id);
    const theirs = await workerWon;
    const all = [...mainWon, ...theirs].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(b.claimedCount()).toBe(n);
  });
});
