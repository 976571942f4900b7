import {
  CONTRACT,
  TwinlegError,
  contracts,
  ZERO_QTY,
  type OrderRequest
} from '../../../core/index.js';
import type { Random } from '../../random.js';
import type { ScriptMatch, ScriptRule, SimBehaviour, SimFaults } from './types.js';

interface Pending {
  readonly match: ScriptMatch;
  remaining: number;
  readonly behaviour: SimBehaviour;
}

const matches = (m: ScriptMatch, o: OrderRequest): boolean =>
  (m.marketId === undefined || m.marketId === o.market.marketId) &&
  (m.side === undefined || m.side === o.side) &&
  (m.action === undefined || m.action === o.action);

/** Scripted behaviours, consumed first-in first-out by the next orders they match. */
export class ScriptQueue {
  private readonly rules: Pending[] = [];

  /** Queues a rule for its next `times` (default 1) matching orders. */
  push(rule: ScriptRule): void {
    const times = rule.times ?? 1;
    if (!Number.isSafeInteger(times) || times < 1)
      throw new TwinlegError('invalid_config', 'script times must be ≥ 1');
    this.rules.push({ match: rule.match ?? {}, remaining: times, behaviour: rule.behaviour });
  }

  /** Takes the behaviour of the oldest rule matching `order`, if any. */
  take(order: OrderRequest): SimBehaviour | undefined {
    const i = this.rules.findIndex((r) => matches(r.match, order));
    const rule = this.rules[i];
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules.splice(i, 1);
    return rule.behaviour;
  }

  /** Rules (with uses left) not yet consumed. */
  size(): number {
    return this.rules.length;
  }
}

/**
 * Draws a random fault for one order from the seeded fault stream (one draw per order, so the
 * sequence is a function of the seed and the order sequence only). Undefined: behave normally.
 */
export function drawFault(
  faults: SimFaults,
  rng: Random,
  order: OrderRequest
): SimBehaviour | undefined {
  const { rejectProb = 0, partialProb = 0, pendingProb = 0, hangProb = 0 } = faults;
  if (rejectProb + partialProb + pendingProb + hangProb <= 0) return undefined;
  const r = rng.next();
  let edge = rejectProb;
  if (r < edge) return { kind: 'reject', rejectKind: 'unavailable', reason: 'simulated fault' };
  edge += partialProb;
  if (r < edge) {
    const whole = Math.floor(order.qty / CONTRACT);
    return { kind: 'fillQty', qty: whole > 1 ? contracts(rng.int(1, whole - 1)) : ZERO_QTY };
  }
  edge += pendingProb;
  if (r < edge) return { kind: 'pending', resolveAfterMs: rng.int(50, 1_500), fill: 'book' };
  edge += hangProb;
  if (r < edge) return { kind: 'hang', fill: 'book' };
  return undefined;
}
