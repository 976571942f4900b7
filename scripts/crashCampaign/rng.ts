/**
 * The campaign's seeded random source (mulberry32): the same `--seed` gives the same markets,
 * opportunities, faults and kill moments (the engine's own timing still varies run to run).
 */

/** A seeded generator of uniform numbers. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick: empty list');
    return item;
  }

  /** A decimal string of `digits` digits, no leading zero (a Polymarket token id). */
  digits(digits: number): string {
    let s = String(this.int(1, 9));
    while (s.length < digits) s += String(this.int(0, 9));
    return s;
  }
}
