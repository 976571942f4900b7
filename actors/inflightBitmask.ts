import { TwinlegError } from '../core/index.js';

/** Bits per word of the bitmask (one `Int32Array` element). */
const BITS = 32;
/** Largest capacity accepted: 2^24 markets, a 2 MiB buffer (the config's upper bound). */
export const MAX_INFLIGHT_CAPACITY = 1 << 24;

/**
 * Lock-free in-flight deduplication: one bit per market, claimed and released with atomic
 * read-modify-write operations, so the supervisor rejects a duplicate opportunity in
 * nanoseconds and any thread sharing the buffer (e.g. a `worker_threads` detector) sees the
 * same state.
 *
 * **Memory layout.** A `SharedArrayBuffer` of `capacity / 32` little `Int32Array` words,
 * `capacity / 8` bytes in all. Market `id` lives in word `id >>> 5`, at bit `id & 31`
 * (bit 0 = least significant), so word `w` holds ids `32w … 32w + 31`. Bit 31 is the sign bit
 * of the `Int32`; that is harmless, every operation is bitwise. A set bit means "an execution
 * for this market is in flight". The source design used 8 × 64-bit words (512 markets); here
 * the capacity is configurable, and an id outside it is an error, never a skipped check.
 *
 * Claim is `Atomics.or` (the source's `fetch_or`), release is `Atomics.and` with the inverted
 * mask (`fetch_and`); both return the previous word, which tells whether the bit was set.
 * Every access is sequentially consistent, so a bit set in one thread is visible to an
 * `Atomics.load` in another.
 */
export class InFlightBitmask {
  private readonly words: Int32Array;
  private readonly sab: SharedArrayBuffer;
  private readonly cap: number;

  /**
   * Creates a bitmask over a fresh, zeroed `SharedArrayBuffer`, or over `sab` when given
   * (prefer {@link fromBuffer} for that, it reads better at the call site).
   * @param capacity number of market ids (`0 … capacity − 1`); a positive multiple of 32, at
   *   most {@link MAX_INFLIGHT_CAPACITY}. Default 512, the source design's size.
   * @param sab existing shared memory of at least `capacity / 8` bytes.
   * @throws RangeError when `capacity` is not valid or `sab` is not a large enough
   *   `SharedArrayBuffer`.
   */
  constructor(capacity = 512, sab?: SharedArrayBuffer) {
    if (
      !Number.isInteger(capacity) ||
      capacity <= 0 ||
      capacity % BITS !== 0 ||
      capacity > MAX_INFLIGHT_CAPACITY
    ) {
      throw new RangeError(
        `in-flight capacity must be a positive multiple of 32 up to ${MAX_INFLIGHT_CAPACITY}, got ${capacity}`
      );
    }
    if (sab !== undefined && !(sab instanceof SharedArrayBuffer)) {
      throw new RangeError('InFlightBitmask needs a SharedArrayBuffer');
    }
    if (sab !== undefined && sab.byteLength < capacity / 8) {
      throw new RangeError(
        `SharedArrayBuffer of ${sab.byteLength} bytes is too small for capacity ${capacity}`
      );
    }
    this.cap = capacity;
    this.sab = sab ?? new SharedArrayBuffer(capacity / 8);
    this.words = new Int32Array(this.sab, 0, capacity / BITS);
  }

  /**
   * Attaches to existing shared memory, e.g. in a Worker that received {@link buffer} through
   * `workerData` or `postMessage`. Both sides then operate on the same bits.
   * @param sab the shared buffer; must hold at least `capacity / 8` bytes.
   * @param capacity the capacity the buffer was created with.
   * @throws RangeError when `capacity` is not valid or the buffer is too small.
   */
  static fromBuffer(sab: SharedArrayBuffer, capacity: number): InFlightBitmask {
    return new InFlightBitmask(capacity, sab);
  }

  /** The shared memory, to hand to another thread (see {@link fromBuffer}). */
  get buffer(): SharedArrayBuffer {
    return this.sab;
  }

  /** Number of market ids this bitmask covers. */
  get capacity(): number {
    return this.cap;
  }

  /**
   * Atomically claims the slot of market `id`.
   * @returns `true` iff the bit was clear before (the caller now owns the slot); `false` when
   *   an execution for this market is already in flight.
   * @throws TwinlegError `invalid_request` when `id` is not an integer in `[0, capacity)`.
   */
  tryClaim(id: number): boolean {
    if (id >>> 0 !== id || id >= this.cap) invalidId(id, this.cap);
    const bit = 1 << (id & 31);
    return (Atomics.or(this.words, id >>> 5, bit) & bit) === 0;
  }

  /**
   * Atomically releases the slot of market `id`.
   * @returns whether the bit was set (`false` means a double release: a bookkeeping bug).
   * @throws TwinlegError `invalid_request` when `id` is not an integer in `[0, capacity)`.
   */
  release(id: number): boolean {
    if (id >>> 0 !== id || id >= this.cap) invalidId(id, this.cap);
    const bit = 1 << (id & 31);
    return (Atomics.and(this.words, id >>> 5, ~bit) & bit) !== 0;
  }

  /**
   * Whether market `id` is in flight right now (an `Atomics.load`; may change immediately).
   * @throws TwinlegError `invalid_request` when `id` is not an integer in `[0, capacity)`.
   */
  isClaimed(id: number): boolean {
    if (id >>> 0 !== id || id >= this.cap) invalidId(id, this.cap);
    return (Atomics.load(this.words, id >>> 5) & (1 << (id & 31))) !== 0;
  }

  /**
   * Number of slots claimed (popcount over the words). Each word is read atomically, but the
   * total is not a snapshot while other threads claim and release.
   */
  claimedCount(): number {
    let n = 0;
    for (let w = 0; w < this.words.length; w++) n += popcount(Atomics.load(this.words, w));
    return n;
  }

  /** Claimed market ids in ascending order (same consistency caveat as {@link claimedCount}). */
  claimedIds(): number[] {
    const ids: number[] = [];
    for (let w = 0; w < this.words.length; w++) {
      let v = Atomics.load(this.words, w);
      while (v !== 0) {
        const low = v & -v; // lowest set bit
        ids.push(w * BITS + (31 - Math.clz32(low)));
        v ^= low;
      }
    }
    return ids;
  }
}

/** Set bits in a 32-bit word (SWAR popcount). */
function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Cold path of the id check, kept out of the hot methods. */
function invalidId(id: number, capacity: number): never {
  throw new TwinlegError(
    'invalid_request',
    `market id ${String(id)} is not an integer in [0, ${capacity})`
  );
}
