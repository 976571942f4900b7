/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) for simulations and
 * demo data. Same seed, same sequence, on every platform. Never use `Math.random` in twinleg:
 * a simulation that cannot be replayed cannot be debugged.
 * @packageDocumentation
 */

/** splitmix32 step: spreads a 32-bit seed over the state words. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [s, (z ^ (z >>> 16)) >>> 0];
}

/** Seeded PRNG (sfc32). Not cryptographic. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  /** `seed` is any finite number; it is reduced to 32 bits. */
  constructor(seed: number) {
    let s = Math.trunc(seed) | 0;
    let w: number;
    [s, w] = splitmix32(s);
    this.a = w;
    [s, w] = splitmix32(s);
    this.b = w;
    [, w] = splitmix32(s);
    this.c = w;
    for (let i = 0; i < 12; i++) this.nextU32(); // warm-up
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). For probabilities only, never for money. */
  next(): number {
    return this.nextU32() / 4_294_967_296;
  }

  /** Uniform integer in [min, max] (both inclusive, integers, max − min < 2^32). */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`Random.int: bad range [${min}, ${max}]`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p` (p ≤ 0: never, p ≥ 1: always). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new RangeError('Random.pick: empty array');
    return arr[this.int(0, arr.length - 1)] as T;
  }

  /** One value chosen with the given non-negative weights (at least one positive). */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + Math.max(0, w), 0);
    if (!(total > 0)) throw new RangeError('Random.weighted: no positive weight');
    let r = this.next() * total;
    for (const [v, w] of entries) {
      r -= Math.max(0, w);
      if (r < 0) return v;
    }
    return entries[entries.length - 1]![0];
  }

  /** `bytes` random bytes as lower-case hex (2 characters per byte). */
  hex(bytes: number): string {
    let out = '';
    while (out.length < bytes * 2) out += this.nextU32().toString(16).padStart(8, '0');
    return out.slice(0, bytes * 2);
  }

  /** An independent generator derived from this one's next output and `stream`. */
  fork(stream: number): Random {
    return new Random((this.nextU32() ^ Math.imul(stream + 1, 0x9e3779b1)) | 0);
  }
}
