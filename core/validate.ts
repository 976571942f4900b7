import { USD } from './money.js';
import { ARB_TYPES, type FastExecutionRequest } from './request.js';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * Checks an opportunity's shape before anything is claimed. Returns `null` when valid, or a
 * short reason. Never throws: hosts may hand us anything.
 */
export function invalidRequestReason(req: unknown, capacity: number): string | null {
  if (typeof req !== 'object' || req === null) return 'request is not an object';
  const r = req as Partial<Record<keyof FastExecutionRequest, unknown>>;
  if (!isInt(r.marketId) || r.marketId < 0) return 'marketId must be a non-negative integer';
  if (r.marketId >= capacity) {
    return `marketId ${r.marketId} is past the in-flight capacity ${capacity}`;
  }
  if (!isInt(r.yesPrice) || r.yesPrice <= 0 || r.yesPrice >= USD) {
    return 'yesPrice must be an integer in (0, 1_000_000) micro-dollars';
  }
  if (!isInt(r.noPrice) || r.noPrice <= 0 || r.noPrice >= USD) {
    return 'noPrice must be an integer in (0, 1_000_000) micro-dollars';
  }
  if (!isInt(r.yesSize) || r.yesSize < 0) return 'yesSize must be a non-negative integer';
  if (!isInt(r.noSize) || r.noSize < 0) return 'noSize must be a non-negative integer';
  if (typeof r.arbType !== 'string' || !ARB_TYPES.includes(r.arbType as never)) {
    return `arbType must be one of ${ARB_TYPES.join(', ')}`;
  }
  if (typeof r.detectedNs !== 'number' || !Number.isFinite(r.detectedNs)) {
    return 'detectedNs must be a finite number';
  }
  return null;
}
