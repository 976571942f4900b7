/**
 * A venue answer is evidence, not truth: {@link checkOutcome} turns whatever an adapter (or a
 * venue through it) handed back into an {@link OrderOutcome} the engine may act on, or into an
 * `unknown` outcome (look the order up) that says what was wrong. The rules live in
 * core/outcomeRules.ts.
 * @packageDocumentation
 */
import {
  NO_FILL,
  unknownOutcome,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type OrderStatus,
  type RejectKind
} from './order.js';
import { checkAmounts, identityProblem, statusProblem } from './outcomeRules.js';

import { show, thrownText } from './untrusted.js';

const FIELDS = [
  'status',
  'clientOrderId',
  'orderId',
  'filledQty',
  'notional',
  'fee',
  'rejectKind',
  'reason',
  'retryAfterMs',
  'neverPlaced'
] as const;
type Field = (typeof FIELDS)[number];
type Fields = Readonly<Record<Field, unknown>>;

const REJECT_KINDS: readonly RejectKind[] = [
  'settlement',
  'rate_limited',
  'unavailable',
  'insufficient_balance',
  'market_closed',
  'invalid_order',
  'auth',
  'other'
];
/** Longest venue reason kept, in characters. */
const MAX_REASON = 300;
/** Longest Retry-After kept: one hour. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** Each field of `raw` read exactly once, or why they could not be. */
function readFields(raw: unknown): Fields | string {
  if (typeof raw !== 'object' || raw === null) return `answer is ${show(raw)}, not an object`;
  const src = raw as Record<Field, unknown>;
  const out = {} as Record<Field, unknown>;
  try {
    for (const f of FIELDS) out[f] = src[f];
  } catch (e) {
    return `answer could not be read: ${thrownText(e)}`;
  }
  return out;
}

/** The `unknown` outcome that replaces an answer we cannot believe. */
function unverified(ref: OrderRef | OrderRequest, what: string): OrderOutcome {
  const orderId = 'orderId' in ref ? ref.orderId : undefined;
  return Object.freeze(
    unknownOutcome(ref.clientOrderId, `unverifiable venue answer: ${what}`, orderId)
  );
}

function verify(ref: OrderRef | OrderRequest, raw: unknown): OrderOutcome {
  const f = readFields(raw);
  if (typeof f === 'string') return unverified(ref, f);
  const idProblem = identityProblem({ ref, ...f });
  if (idProblem !== null) return unverified(ref, idProblem);
  const status = f.status as OrderStatus;
  const checked = checkAmounts(ref, f);
  const final = status !== 'pending' && status !== 'unknown';
  if (final && !checked.ok) return unverified(ref, checked.why);
  const amounts = checked.ok ? checked.amounts : NO_FILL;
  const stProblem = statusProblem(status, amounts.filledQty);
  if (stProblem !== null) return unverified(ref, stProblem);
  const { rejectKind, reason, retryAfterMs } = f;
  const kind = REJECT_KINDS.includes(rejectKind as RejectKind)
    ? (rejectKind as RejectKind)
    : 'other';
  const retry =
    Number.isSafeInteger(retryAfterMs) &&
    (retryAfterMs as number) >= 0 &&
    (retryAfterMs as number) <= MAX_RETRY_AFTER_MS;
  return Object.freeze({
    status,
    clientOrderId: ref.clientOrderId,
    ...(typeof f.orderId === 'string' ? { orderId: f.orderId } : {}),
    filledQty: amounts.filledQty,
    notional: amounts.notional,
    fee: amounts.fee,
    ...(status === 'rejected' ? { rejectKind: kind } : {}),
    ...(typeof reason === 'string' ? { reason: reason.slice(0, MAX_REASON) } : {}),
    ...(retry ? { retryAfterMs: retryAfterMs as number } : {}),
    ...(status === 'none' && f.neverPlaced === true ? { neverPlaced: true as const } : {})
  });
}

/**
 * Checks a venue's answer about the order `ref` (what the engine sent, or asks about) against
 * the rules of core/outcomeRules.ts and returns a fresh frozen {@link OrderOutcome} copied field
 * by field from `raw` (unknown extra fields dropped), or, when `raw` does not prove itself, an
 * `unknown` outcome for `ref` with the reason `unverifiable venue answer: …` (keeping
 * `ref.orderId`). `pending`/`unknown` answers keep their status; their amounts are copied only
 * when valid, else zeroed. Reads each field of `raw` once; never throws, whatever `raw` is.
 */
export function checkOutcome(ref: OrderRef | OrderRequest, raw: unknown): OrderOutcome {
  try {
    return verify(ref, raw);
  } catch (e) {
    return unverified(ref, `check failed: ${thrownText(e)}`);
  }
}
