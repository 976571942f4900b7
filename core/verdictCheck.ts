/**
 * The risk layer's verdict is checked like any answer from outside the engine: a throw or a
 * verdict that does not make sense blocks the execution (`circuit_breaker`) with a reason,
 * never lets it through.
 */
import type { RiskBlock, RiskVerdict } from './ports.js';
import { asQty, ZERO_QTY } from './money.js';
import { show, thrownText } from './untrusted.js';

const BLOCKS: readonly RiskBlock[] = ['blacklisted', 'cooldown', 'circuit_breaker'];

const refuse = (detail: string): RiskVerdict =>
  Object.freeze({ blocked: 'circuit_breaker', detail, capacity: ZERO_QTY });

/** Calls `assess` and returns a plain frozen copy of a sound verdict, or a refusal. */
export function checkVerdict(assess: () => unknown): RiskVerdict {
  try {
    const raw = assess();
    if (typeof raw !== 'object' || raw === null) {
      return refuse(`risk layer answered ${show(raw)}, not a verdict`);
    }
    const v = raw as Record<string, unknown>;
    const blocked = v.blocked;
    const capacity = v.capacity;
    const detail = v.detail;
    if (blocked !== null && !BLOCKS.includes(blocked as RiskBlock)) {
      return refuse(`risk layer answered an unknown block ${show(blocked)}`);
    }
    if (!Number.isSafeInteger(capacity) || (capacity as number) < 0) {
      return refuse(`risk layer answered capacity ${show(capacity)}`);
    }
    const base = { blocked: blocked as RiskBlock | null, capacity: asQty(capacity as number) };
    return Object.freeze(
      typeof detail === 'string' ? { ...base, detail: detail.slice(0, 300) } : base
    );
  } catch (e) {
    return refuse(`risk check failed: ${thrownText(e)}`);
  }
}
