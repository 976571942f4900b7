/**
 * Builders of the {@link ExecutionResult}s the supervisor makes itself: rejections before any
 * actor exists, finished (or faulted) executions, and executions interrupted at shutdown with
 * every order they sent. None of them can throw: a result is always delivered.
 */
import {
  thrownText,
  ZERO_MICROS,
  ZERO_QTY,
  type ErrorCode,
  type ExecutionResult
} from '../core/index.js';
import { buildOutput } from '../machines/output.js';
import type { ExecutionContext, ExecutionOutput } from '../machines/executionTypes.js';
import type { OpenOrder } from './supervisorTypes.js';

/** Result of an opportunity refused before an execution was spawned (no fills, no P&L). */
export function rejectionResult(
  executionId: string,
  marketId: number,
  code: ErrorCode,
  detail: string,
  latencyNs: number
): ExecutionResult {
  return {
    executionId,
    marketId,
    success: false,
    error: code,
    ...(detail ? { detail } : {}),
    matchedContracts: ZERO_QTY,
    realizedProfit: ZERO_MICROS,
    unhedgedContracts: ZERO_QTY,
    closedContracts: ZERO_QTY,
    latencyNs
  };
}

/** What a context shows, marked with `code`; if even that cannot be built, a bare result. */
function fromContext(
  context: ExecutionContext,
  code: ErrorCode,
  detail: string,
  latencyNs: number
): ExecutionResult {
  try {
    return { ...buildOutput(context), success: false, error: code, detail, latencyNs };
  } catch (e) {
    const why = `${detail}; result not computable: ${thrownText(e)}`;
    return rejectionResult(context.executionId, context.req.marketId, code, why, latencyNs);
  }
}

/**
 * Result of an execution actor that stopped: its output, or — when the actor errored — what
 * its last context shows, marked `internal_error`.
 */
export function finishedResult(
  output: ExecutionOutput | undefined,
  context: ExecutionContext,
  err: unknown,
  latencyNs: number
): ExecutionResult {
  if (err === null && output) return { ...output, latencyNs };
  return fromContext(context, 'internal_error', `engine fault: ${thrownText(err)}`, latencyNs);
}

/** Result of an execution stopped by shutdown, with what its context shows is still open. */
export function interruptedResult(
  context: ExecutionContext,
  state: unknown,
  latencyNs: number
): ExecutionResult {
  let where: string;
  try {
    where = JSON.stringify(state);
  } catch {
    where = 'unknown';
  }
  return fromContext(context, 'shutdown_interrupted', `stopped in state ${where}`, latencyNs);
}

/** Every order an execution sent (entry legs, then the current close order). */
export function openOrders(ctx: ExecutionContext): OpenOrder[] {
  const orders: OpenOrder[] = [];
  for (const l of [ctx.legs.yes, ctx.legs.no]) {
    if (!l.order) continue;
    const o = l.outcome;
    orders.push({
      role: 'entry',
      side: l.side,
      venue: l.venue,
      clientOrderId: l.order.clientOrderId,
      ...(o?.orderId !== undefined ? { orderId: o.orderId } : {}),
      qty: l.order.qty,
      state: o ? o.status : 'awaiting_answer',
      filledQty: o?.filledQty ?? ZERO_QTY
    });
  }
  const c = ctx.close;
  if (c?.current) {
    const last = c.last?.clientOrderId === c.current.clientOrderId ? c.last : null;
    orders.push({
      role: 'close',
      side: c.current.side,
      venue: c.venue,
      clientOrderId: c.current.clientOrderId,
      ...(last?.orderId !== undefined ? { orderId: last.orderId } : {}),
      qty: c.current.qty,
      state: last ? last.status : 'awaiting_answer',
      filledQty: last?.filledQty ?? ZERO_QTY
    });
  }
  return orders;
}
