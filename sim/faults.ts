/**
 * The fault model: per-scenario probabilities for each per-order fault kind, and the seeded
 * draw that picks (at most) one fault for each placement or lookup the engine makes.
 */
import type { Random } from '../adapters/random.js';
import type { OrderRequest } from '../core/index.js';
import { FAULT_KINDS, type FaultCounts, type FaultKind } from './types.js';

/** Faults drawn per placement. */
export const PLACEMENT_FAULTS = [
  'timeoutFilled',
  'timeoutPartial',
  'timeoutNone',
  'delayedFilled',
  'delayedCanceled',
  'delayedLate',
  'partialFill',
  'legRejected',
  'rateLimited',
  'unavailable',
  'serverError',
  'connDropAfterSend',
  'connDropBeforeSend',
  'bookAway'
] as const satisfies readonly FaultKind[];

/** Faults drawn per lookup. */
export const LOOKUP_FAULTS = [
  'lookupNull',
  'lookupFail',
  'lookupHang'
] as const satisfies readonly FaultKind[];

/** A placement fault. */
export type PlacementFault = (typeof PLACEMENT_FAULTS)[number];
/** A lookup fault. */
export type LookupFault = (typeof LOOKUP_FAULTS)[number];
/** Probability per order of each per-order fault kind (0 when the scenario disables it). */
export type FaultProbs = Readonly<Record<PlacementFault | LookupFault, number>>;

/** Highest probability a scenario may pick per kind. */
const MAX_PROB: FaultProbs = {
  timeoutFilled: 0.08,
  timeoutPartial: 0.06,
  timeoutNone: 0.06,
  delayedFilled: 0.2,
  delayedCanceled: 0.12,
  delayedLate: 0.04,
  partialFill: 0.25,
  legRejected: 0.15,
  rateLimited: 0.15,
  unavailable: 0.1,
  serverError: 0.08,
  connDropAfterSend: 0.08,
  connDropBeforeSend: 0.06,
  bookAway: 0.35,
  lookupNull: 0.3,
  lookupFail: 0.2,
  lookupHang: 0.08
};

/** Each kind is enabled with probability 0.45, at a probability up to its maximum. */
export function drawFaultProbs(rng: Random): FaultProbs {
  const out = {} as Record<PlacementFault | LookupFault, number>;
  for (const k of [...PLACEMENT_FAULTS, ...LOOKUP_FAULTS]) {
    out[k] = rng.chance(0.45) ? rng.next() * MAX_PROB[k] : 0;
  }
  return out;
}

const pick = <K extends FaultKind>(
  rng: Random,
  kinds: readonly K[],
  probs: FaultProbs,
  ok: (k: K) => boolean
): K | null => {
  const r = rng.next();
  let edge = 0;
  for (const k of kinds) {
    if (!ok(k)) continue;
    edge += (probs as Record<FaultKind, number>)[k];
    if (r < edge) return k;
  }
  return null;
};

/** Draws faults from the scenario's seeded stream and counts what was injected. */
export class FaultPlan {
  /** Faults injected so far, by kind. */
  readonly counts: Record<FaultKind, number>;

  constructor(
    private readonly rng: Random,
    private readonly probs: FaultProbs
  ) {
    this.counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  }

  /** The fault for a new placement (null: behave). Delayed is Polymarket's; book moves hit sells. */
  placement(order: OrderRequest): PlacementFault | null {
    return pick(this.rng, PLACEMENT_FAULTS, this.probs, (k) => {
      if (k.startsWith('delayed')) return order.venue === 'polymarket';
      if (k === 'bookAway') return order.action === 'sell';
      return true;
    });
  }

  /** The fault for a lookup (null: behave). */
  lookup(): LookupFault | null {
    return pick(this.rng, LOOKUP_FAULTS, this.probs, () => true);
  }

  /** The fault stream itself, for a fault's own draws (sizes, delays, reject kinds). */
  get random(): Random {
    return this.rng;
  }

  /** Counts one injected fault. */
  hit(kind: FaultKind): void {
    this.counts[kind] += 1;
  }

  /** The non-zero counts. */
  nonZero(): FaultCounts {
    const out: FaultCounts = {};
    for (const k of FAULT_KINDS) if (this.counts[k] > 0) out[k] = this.counts[k];
    return out;
  }
}
