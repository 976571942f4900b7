/**
 * The inspector's whitelist. Everything that leaves the process is rebuilt here from known
 * scalar fields only: an execution's context, output, events, results and fills. Nothing is
 * copied by spreading, so a key added to a request (an API secret, a signed order, a
 * SharedArrayBuffer) can never reach the page.
 */
import type { ExecutionResult, FillRecord } from '../core/index.js';
import type { SafeFill, SafeResult } from './types.js';

type Rec = Readonly<Record<string, unknown>>;

const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null ? (v as Rec) : undefined;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** Short identifier-like strings only (ids, enum values, error codes). */
const word = (v: unknown): string | null =>
  typeof v === 'string' && v.length <= 80 && /^[\w.:\-/]*$/.test(v) ? v : null;

/** One entry leg as shown: never the order object. */
export interface SafeLeg {
  readonly side: string | null;
  readonly venue: string | null;
  readonly price: number | null;
  readonly status: string | null;
  readonly filledQty: number | null;
  readonly orderId: string | null;
}

/** Auto-close summary as shown. */
export interface SafeClose {
  readonly venue: string | null;
  readonly side: string | null;
  readonly excess: number | null;
  readonly remaining: number | null;
  readonly closed: number | null;
  readonly price: number | null;
  readonly attempts: number | null;
  readonly stopped: boolean;
}

/** An execution's context as shown. */
export interface SafeContext {
  readonly executionId: string | null;
  readonly req: {
    readonly marketId: number | null;
    readonly arbType: string | null;
    readonly yesPrice: number | null;
    readonly noPrice: number | null;
    readonly yesSize: number | null;
    readonly noSize: number | null;
  };
  readonly qty: number | null;
  readonly legs: { readonly yes: SafeLeg; readonly no: SafeLeg };
  readonly close: SafeClose | null;
  readonly error: string | null;
}

function leg(v: unknown): SafeLeg {
  const l = rec(v) ?? {};
  const o = rec(l['outcome']);
  return {
    side: word(l['side']),
    venue: word(l['venue']),
    price: num(l['price']),
    status: o ? word(o['status']) : null,
    filledQty: o ? num(o['filledQty']) : null,
    orderId: o ? word(o['orderId']) : null
  };
}

function close(v: unknown): SafeClose | null {
  const c = rec(v);
  if (!c) return null;
  return {
    venue: word(c['venue']),
    side: word(c['side']),
    excess: num(c['excess']),
    remaining: num(c['remaining']),
    closed: num(c['closed']),
    price: num(c['price']),
    attempts: num(c['attempts']),
    stopped: c['stopReason'] !== null && c['stopReason'] !== undefined
  };
}

/** Whitelists an execution context (see {@link SafeContext}); `null` for a non-object. */
export function sanitizeContext(ctx: unknown): SafeContext | null {
  const c = rec(ctx);
  if (!c) return null;
  const r = rec(c['req']) ?? {};
  const legs = rec(c['legs']) ?? {};
  return {
    executionId: word(c['executionId']),
    req: {
      marketId: num(r['marketId']),
      arbType: word(r['arbType']),
      yesPrice: num(r['yesPrice']),
      noPrice: num(r['noPrice']),
      yesSize: num(r['yesSize']),
      noSize: num(r['noSize'])
    },
    qty: num(c['qty']),
    legs: { yes: leg(legs['yes']), no: leg(legs['no']) },
    close: close(c['close']),
    error: word(c['error'])
  };
}

/** Whitelists a machine output (the result without latency). */
export function sanitizeOutput(out: unknown): Rec | undefined {
  const o = rec(out);
  if (!o) return undefined;
  return {
    success: o['success'] === true,
    error: word(o['error']),
    matchedContracts: num(o['matchedContracts']),
    realizedProfit: num(o['realizedProfit']),
    unhedgedContracts: num(o['unhedgedContracts']),
    closedContracts: num(o['closedContracts'])
  };
}

/** An event as shown: its type only. */
export function sanitizeEvent(ev: unknown): { type: string } {
  const t = rec(ev)?.['type'];
  return { type: typeof t === 'string' ? t.slice(0, 200) : 'unknown' };
}

/** Whitelists a result. */
export function sanitizeResult(r: ExecutionResult, atMs: number): SafeResult {
  return {
    executionId: word(r.executionId) ?? '?',
    marketId: num(r.marketId) ?? -1,
    success: r.success === true,
    error: word(r.error),
    matchedContracts: num(r.matchedContracts) ?? 0,
    realizedProfit: num(r.realizedProfit) ?? 0,
    unhedgedContracts: num(r.unhedgedContracts) ?? 0,
    closedContracts: num(r.closedContracts) ?? 0,
    latencyNs: num(r.latencyNs) ?? 0,
    atMs
  };
}

/** Whitelists a fill. */
export function sanitizeFill(f: FillRecord): SafeFill {
  return {
    executionId: word(f.executionId) ?? '?',
    marketId: num(f.marketId) ?? -1,
    pairId: word(f.pairId) ?? '',
    platform: word(f.platform) ?? '?',
    side: word(f.side) ?? '?',
    action: word(f.action) ?? '?',
    contracts: num(f.contracts) ?? 0,
    avgPrice: num(f.avgPrice) ?? 0,
    fee: num(f.fee) ?? 0,
    orderId: word(f.orderId),
    wallTimeMs: num(f.wallTimeMs) ?? 0
  };
}
