/**
 * `rawAtomicsClaimsPerSec`: the floor of duplicate rejection — a bare loop of claim
 * (`Atomics.or`) and release (`Atomics.and` with the inverted mask) on the in-flight
 * bitmask's layout (one bit per market in an `Int32Array` over a `SharedArrayBuffer`).
 */
import { median, nowNs } from './stats.js';

/** Claim + release pairs per second (median of `reps` loops of `n` pairs). */
export function rawAtomicsClaimsPerSec(n: number, reps: number): number {
  const capacity = 512;
  const words = new Int32Array(new SharedArrayBuffer(capacity / 8));
  const rates: number[] = [];
  let claimed = 0;
  for (let r = 0; r <= reps; r++) {
    const t0 = nowNs();
    for (let i = 0; i < n; i++) {
      const id = i & (capacity - 1);
      const w = id >>> 5;
      const bit = 1 << (id & 31);
      if ((Atomics.or(words, w, bit) & bit) === 0) claimed++;
      Atomics.and(words, w, ~bit);
    }
    const dt = nowNs() - t0;
    if (r > 0) rates.push((n * 1e9) / dt); // loop 0 is the warm-up
  }
  if (claimed !== n * (reps + 1)) throw new Error('atomics loop lost a claim');
  return median(rates);
}
