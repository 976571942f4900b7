/**
 * The model of the in-flight bitmask the invariants compare the engine against: per market,
 * free, held by a running execution, or held until a delayed release is due — exactly what the
 * error registry's release policy says each result must do.
 */
import { releasePolicyOf, type ExecutionResult } from '../core/index.js';

/** A market's slot as the release policy says it must be. */
export type SlotModel =
  | { readonly state: 'free' }
  | { readonly state: 'running'; readonly executionId: string }
  | { readonly state: 'delayed'; readonly untilMs: number; readonly executionId: string };

const FREE: SlotModel = { state: 'free' };

/** Expected slot state per market. */
export class BitModel {
  private readonly slots = new Map<number, SlotModel>();

  /** The expected slot of `marketId` at `nowMs` (a due delayed release is free). */
  get(marketId: number, nowMs: number): SlotModel {
    const s = this.slots.get(marketId) ?? FREE;
    if (s.state === 'delayed' && nowMs >= s.untilMs) {
      this.slots.delete(marketId);
      return FREE;
    }
    return s;
  }

  /** Whether the bit must be set at `nowMs`. */
  held(marketId: number, nowMs: number): boolean {
    return this.get(marketId, nowMs).state !== 'free';
  }

  set(marketId: number, s: SlotModel): void {
    if (s.state === 'free') this.slots.delete(marketId);
    else this.slots.set(marketId, s);
  }

  /** Markets the model knows about (held or recently held). */
  markets(): number[] {
    return [...this.slots.keys()];
  }

  /** A crash loses every in-memory slot (delayed releases included): all free. */
  clear(): void {
    this.slots.clear();
  }
}

/**
 * What a finished execution's result must do to its slot: `immediate` → free now (the bit is
 * already clear when the result is delivered), `delayed` → still held, free `delayMs` later.
 * Returns the slot to expect and a problem when the bit (`claimed`) disagrees.
 */
export function afterResult(
  r: ExecutionResult,
  claimed: boolean,
  nowMs: number,
  delayMs: number
): { readonly slot: SlotModel; readonly problem: string | null } {
  const policy = releasePolicyOf(r.error);
  const code = r.error ?? 'success';
  const id = r.executionId;
  const m = r.marketId;
  if (policy === 'immediate') {
    const problem = claimed
      ? `${id} (${code}) must release market ${m} at once; still claimed`
      : null;
    return { slot: FREE, problem };
  }
  if (policy === 'delayed') {
    const problem = claimed ? null : `${id} (${code}) released market ${m} before ${delayMs} ms`;
    return { slot: { state: 'delayed', untilMs: nowMs + delayMs, executionId: id }, problem };
  }
  return { slot: FREE, problem: `${id} ran but its code ${code} releases nothing` };
}
