/**
 * `twinleg record` cannot pause the venues' feeds, so its memory is bounded instead: when more
 * than the limit waits for the disk, it stops writing and reports it (a recording with a hole
 * would replay as a market that never moved).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundedLineWriter } from '../cli/runtime/recorder.js';

/** A disk that accepts `drainAfter` writes, then never finishes another (a stalled disk). */
function stalledDisk(drainAfter: number): Writable {
  let n = 0;
  return new Writable({
    highWaterMark: 16,
    write(_chunk, _enc, done) {
      n++;
      if (n <= drainAfter) done();
    }
  });
}

describe('record: bounded memory when the disk stalls', () => {
  it('writes while the disk keeps up, then stops once more than the limit waits, once', () => {
    const out = stalledDisk(3);
    const overflows: number[] = [];
    const write = boundedLineWriter(out, 1_000, (n) => overflows.push(n));
    const line = `${'x'.repeat(99)}\n`; // 100 bytes
    let written = 0;
    for (let i = 0; i < 100; i++) if (write(line)) written++;
    // 3 writes finished; then the buffer grows 100 bytes a line until it is over 1,000
    expect(written).toBe(3 + 11);
    expect(overflows).toEqual([1_100]);
    expect(out.writableLength).toBe(1_100); // nothing more was queued after the stop
    expect(write(line)).toBe(false);
  });

  it('a disk that keeps up is never stopped', () => {
    const out = stalledDisk(Number.MAX_SAFE_INTEGER);
    const overflows: number[] = [];
    const write = boundedLineWriter(out, 1_000, (n) => overflows.push(n));
    for (let i = 0; i < 10_000; i++) expect(write('0123456789\n')).toBe(true);
    expect(overflows).toEqual([]);
  });
});
