/**
 * Builders of the {@link ExecutionResult}s the supervisor emits itself: rejections before any
 * actor exists, finished executions (or faulted ones), and executions interrupted at shutdown.
 */
import type { ErrorCode, ExecutionResult, FastExecutionRequest } from '../core/index.js';
import { buildOutput } from '../machines/executionLogic.js';
import type { ExecutionContext, ExecutionOutput } from '../machines/executionTypes.js';

/** Result of an opportunity refused before an execution was spawned (no fills, no P&L). */
export function rejectionResult(
  executionId: string,
  req: FastExecutionRequest,
  code: ErrorCode,
  detail: string,
  nowNs: number
): ExecutionResult {
  const r = req as Partial<FastExecutionRequest> | null;
  return {
    executionId,
    marketId: typeof r?.marketId === 'number' ? r.marketId : -1,
    success: false,
    error: code,
    ...(detail ? { detail } : {}),
    matchedContracts: 0,
    realizedProfit: 0,
    unhedgedContracts: 0,
    closedContracts: 0,
    latencyNs: typeof r?.detectedNs === 'number' ? nowNs - r.detectedNs : 0
  };
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
  return {
    ...buildOutput(context),
    success: false,
    error: 'internal_error',
    detail: `engine fault: ${String(err)}`,
    latencyNs
  };
}

/** Result of an execution stopped by shutdown, with what its context shows is still open. */
export function interruptedResult(
  context: ExecutionContext,
  state: unknown,
  latencyNs: number
): ExecutionResult {
  return {
    ...buildOutput(context),
    success: false,
    error: 'shutdown_interrupted',
    detail: `stopped in state ${JSON.stringify(state)}`,
    latencyNs
  };
}
