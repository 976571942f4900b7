import type { Venue } from '../../../core/index.js';
import { Random } from '../../random.js';

/**
 * Deterministic venue order ids from a seed and a counter: Polymarket-style `0x` + 64 hex
 * (the EIP-712 order hash, known before posting) or Kalshi-style UUIDs (v4 layout).
 */
export class OrderIds {
  private counter = 0;

  constructor(
    private readonly venue: Venue,
    private readonly seed: number
  ) {}

  /** The next id. */
  next(): string {
    this.counter += 1;
    const rng = new Random(
      Math.imul(this.seed | 0, 0x2545f491) ^ Math.imul(this.counter, 0x9e3779b1)
    );
    if (this.venue === 'polymarket') return `0x${rng.hex(32)}`;
    const h = rng.hex(16);
    const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
