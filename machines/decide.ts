/**
 * What an execution does once both legs are final or given up on: the one decision after the
 * legs, as a pure function of the context. The machine's `decide` state applies it.
 */
import type { ErrorCode } from '../core/index.js';
import { legFilled } from './executionLogic.js';
import type { ExecutionContext } from './executionTypes.js';

/** The decision after the legs. */
export interface Decision {
  /** Legs filled unequally: close the excess (`autoClose`), else go to `release`. */
  readonly close: boolean;
  /** The result's code (`null`: success). */
  readonly error: ErrorCode | null;
  readonly detail: string | null;
}

const SUCCESS: Decision = { close: false, error: null, detail: null };

/**
 * - a leg still unknown at the deadline → `order_unresolved` (alert; no auto-close, since the
 *   excess is not known);
 * - nothing filled on either leg → `execution_failed`;
 * - both legs filled equally → success;
 * - otherwise → `partial_fill`, and the excess is auto-closed.
 */
export function decide(ctx: ExecutionContext): Decision {
  const { yes, no } = ctx.legs;
  if (yes.unresolved || no.unresolved) {
    return { close: false, error: 'order_unresolved', detail: 'leg outcome unknown at deadline' };
  }
  const y = legFilled(yes);
  const n = legFilled(no);
  if (y === 0 && n === 0) {
    return { close: false, error: 'execution_failed', detail: 'no leg filled' };
  }
  if (y === n) return SUCCESS;
  return { close: true, error: 'partial_fill', detail: null };
}
