import { USD } from './money.js';
import { ARB_TYPES, type FastExecutionRequest } from './request.js';
import { thrownText } from './untrusted.js';

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

/** The outcome of {@link copyRequest}: a frozen copy of a valid request, or why not. */
export type RequestCheck =
  | { readonly ok: true; readonly req: FastExecutionRequest }
  | { readonly ok: false; readonly reason: string; readonly marketId: number };

const REQUEST_FIELDS = [
  'marketId',
  'yesPrice',
  'noPrice',
  'yesSize',
  'noSize',
  'arbType',
  'detectedNs'
] as const satisfies readonly (keyof FastExecutionRequest)[];

const idOf = (copy: { readonly marketId?: unknown }): number =>
  isInt(copy.marketId) && copy.marketId >= 0 ? copy.marketId : -1;

/**
 * Copies an opportunity at the door: reads each of the seven fields of `raw` exactly once
 * (one try/catch, so a throwing getter or a revoked Proxy is a refusal, not a crash) into a
 * plain object, checks the copy with {@link invalidRequestReason} and returns it frozen; extra
 * fields are dropped. On failure `marketId` is the copied id when it is a safe non-negative
 * integer, else -1. Never throws.
 */
export function copyRequest(raw: unknown, capacity: number): RequestCheck {
  const copy: Partial<Record<keyof FastExecutionRequest, unknown>> = {};
  try {
    if (typeof raw !== 'object' || raw === null) throw new TypeError('not an object');
    const src = raw as Partial<Record<keyof FastExecutionRequest, unknown>>;
    for (const f of REQUEST_FIELDS) copy[f] = src[f];
  } catch (e) {
    return {
      ok: false,
      reason: `request could not be read: ${thrownText(e)}`,
      marketId: idOf(copy)
    };
  }
  const why = invalidRequestReason(copy, capacity);
  if (why !== null) return { ok: false, reason: why, marketId: idOf(copy) };
  return { ok: true, req: Object.freeze(copy as FastExecutionRequest) };
}
