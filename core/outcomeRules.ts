/**
 * The rules a venue answer must pass before the engine believes it, as tables of checks, each
 * with the reason it gives when it fails. Used by `checkOutcome` (core/outcomeCheck.ts).
 *
 * | stage | rule |
 * |---|---|
 * | identity | status is an {@link OrderStatus}; clientOrderId is ours; orderId (if any) is ours and well formed |
 * | types | filledQty, notional, fee are safe integers |
 * | amounts | 0 ≤ filledQty ≤ qty; no fill → notional = fee = 0; a fill → 1 ≤ notional ≤ filledQty |
 * | amounts | a buy pays at most its limit, a sell receives at least its limit (± 1 µ$ rounding) |
 * | amounts | 0 ≤ fee ≤ notional + 1¢ (Kalshi rounds fees up to the cent per order) |
 * | status | filled/partial need a fill; none/rejected need none |
 *
 * @packageDocumentation
 */
import { CENT, CONTRACT, mulDiv, payout, type Micros, type Qty } from './money.js';
import type { OrderRef, OrderRequest, OrderStatus } from './order.js';
import { show } from './untrusted.js';

/** One rule: `ok` holds for a good answer; `why` says what was wrong otherwise. */
interface Rule<T> {
  readonly ok: (v: T) => boolean;
  readonly why: (v: T) => string;
}

/** The reason of the first rule `v` breaks, or `null` when it passes them all. */
function firstBroken<T>(rules: readonly Rule<T>[], v: T): string | null {
  for (const r of rules) if (!r.ok(v)) return r.why(v);
  return null;
}

/** The six order statuses. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'filled',
  'partial',
  'none',
  'pending',
  'unknown',
  'rejected'
];

/** Most characters of a venue order id we accept. */
export const MAX_ORDER_ID = 200;
/** Fee slack over the notional: one cent of per-order rounding. */
export const FEE_SLACK: Micros = CENT;

/** An answer's identity fields, read once, with what the engine sent or asks about. */
export interface IdentityView {
  readonly ref: OrderRef | OrderRequest;
  readonly status: unknown;
  readonly clientOrderId: unknown;
  readonly orderId: unknown;
}

const refOrderId = (ref: OrderRef | OrderRequest): string | undefined =>
  'orderId' in ref ? ref.orderId : undefined;

const IDENTITY: readonly Rule<IdentityView>[] = [
  {
    ok: (v) => ORDER_STATUSES.includes(v.status as OrderStatus),
    why: (v) => `status ${show(v.status)} is not an order status`
  },
  { ok: (v) => typeof v.clientOrderId === 'string', why: () => 'clientOrderId is not a string' },
  {
    ok: (v) => v.clientOrderId === v.ref.clientOrderId,
    why: (v) => `answer is about order ${show(v.clientOrderId)}, not ${show(v.ref.clientOrderId)}`
  },
  {
    ok: (v) =>
      v.orderId === undefined ||
      (typeof v.orderId === 'string' && v.orderId.length > 0 && v.orderId.length <= MAX_ORDER_ID),
    why: (v) => `orderId ${show(v.orderId)} is not a string of 1..${MAX_ORDER_ID} chars`
  },
  {
    ok: (v) => v.orderId === undefined || [undefined, v.orderId].includes(refOrderId(v.ref)),
    why: (v) => `answer is about venue order ${show(v.orderId)}, not ${show(refOrderId(v.ref))}`
  }
];

/** Why the answer is not about the order asked about, or `null`. */
export function identityProblem(v: IdentityView): string | null {
  return firstBroken(IDENTITY, v);
}

/** An answer's amounts, each read once. */
export interface AmountsView {
  readonly filledQty: unknown;
  readonly notional: unknown;
  readonly fee: unknown;
}

/** Amounts proven to be safe integers. */
export interface Amounts {
  readonly filledQty: Qty;
  readonly notional: Micros;
  readonly fee: Micros;
}

interface Checked extends Amounts {
  readonly ref: OrderRef | OrderRequest;
}

/** `notional` at the ref's limit price, rounded as asked, or undefined without a limit. */
const atLimit = (v: Checked, r: 'floor' | 'ceil'): Micros | undefined =>
  'limitPrice' in v.ref ? mulDiv(v.ref.limitPrice, v.filledQty, CONTRACT, r) : undefined;

/**
 * Rounding a venue may do against the limit: 1 µ$ per started contract (several makers, each
 * amount rounded).
 */
const slack = (v: Checked): number => Math.ceil(v.filledQty / CONTRACT);

const AMOUNTS: readonly Rule<Checked>[] = [
  { ok: (v) => v.filledQty >= 0, why: (v) => `filledQty ${v.filledQty} is negative` },
  {
    ok: (v) => v.filledQty <= v.ref.qty,
    why: (v) => `filledQty ${v.filledQty} exceeds the order's ${v.ref.qty}`
  },
  {
    ok: (v) => v.filledQty > 0 || v.notional === 0,
    why: (v) => `notional ${v.notional} without a fill`
  },
  { ok: (v) => v.filledQty > 0 || v.fee === 0, why: (v) => `fee ${v.fee} without a fill` },
  {
    ok: (v) => v.filledQty === 0 || (v.notional >= 1 && v.notional <= payout(v.filledQty)),
    why: (v) => `notional ${v.notional} outside 1..${v.filledQty} (a contract costs $0..$1)`
  },
  {
    ok: (v) => v.ref.action !== 'buy' || v.notional <= (atLimit(v, 'ceil') ?? Infinity) + slack(v),
    why: (v) => `buy notional ${v.notional} above its limit (${atLimit(v, 'ceil')})`
  },
  {
    ok: (v) =>
      v.ref.action !== 'sell' || v.notional >= (atLimit(v, 'floor') ?? -Infinity) - slack(v),
    why: (v) => `sell notional ${v.notional} below its limit (${atLimit(v, 'floor')})`
  },
  {
    ok: (v) => v.fee >= 0 && v.fee <= v.notional + FEE_SLACK,
    why: (v) => `fee ${v.fee} outside 0..${v.notional + FEE_SLACK}`
  }
];

/** The amounts if they are safe integers a fill of `ref` could have, else why not. */
export function checkAmounts(
  ref: OrderRef | OrderRequest,
  a: AmountsView
): { readonly ok: true; readonly amounts: Amounts } | { readonly ok: false; readonly why: string } {
  for (const k of ['filledQty', 'notional', 'fee'] as const) {
    if (!Number.isSafeInteger(a[k]))
      return { ok: false, why: `${k} ${show(a[k])} is not an integer` };
  }
  const amounts = a as Amounts;
  const why = firstBroken(AMOUNTS, { ...amounts, ref });
  return why === null ? { ok: true, amounts } : { ok: false, why };
}

const STATUS: readonly Rule<{ readonly status: OrderStatus; readonly filledQty: Qty }>[] = [
  {
    ok: (v) => !(v.status === 'filled' || v.status === 'partial') || v.filledQty > 0,
    why: (v) => `${v.status} answer with no fill`
  },
  {
    ok: (v) => !(v.status === 'none' || v.status === 'rejected') || v.filledQty === 0,
    why: (v) => `${v.status} answer with filledQty ${v.filledQty}`
  }
];

/** Why a terminal status contradicts the filled quantity, or `null`. */
export function statusProblem(status: OrderStatus, filledQty: Qty): string | null {
  return firstBroken(STATUS, { status, filledQty });
}
