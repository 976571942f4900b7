/**
 * The issue-13 end invariants, after recovery and quiescence (all executions finished, delayed
 * work drained):
 * - `exposure-closed`: every market's REAL cross-venue exposure (what the venues hold, see
 *   `exposure.ts`) is zero, except what the hedge that ended the close provably could not
 *   buy — a ceiling-priced close buy left unfilled with no ask left, or a close buy the venue
 *   refused for good, of the same execution — and the engine reported unhedged, stopped for
 *   that reason, with an error alert. That exception is returned and listed in the report. The
 *   sell walk's floor misses and refusals are no proof: the close hedges after them.
 *   "Flagged" is not enough: an `order_unresolved`, an outcome unknown at the deadline or a
 *   hedge that ran out of attempts below the ceiling leaves the money open.
 * - `unresolved-order-existed`: an execution that ended `order_unresolved` gave up on orders
 *   that exist at the venue; one whose unlearned order never reached the venue (intent
 *   journaled, never sent) should have proven that and carried on.
 */
import type { SimulatedVenue } from '../adapters/venues/simulated/index.js';
import {
  addQty,
  isTerminal,
  ZERO_QTY,
  type ExecutionResult,
  type MarketPair,
  type Qty,
  type Venue
} from '../core/index.js';
import {
  closeExecution,
  describeExposure,
  isHedgeProof,
  realExposure,
  uncovered,
  type CloseMiss
} from './exposure.js';
import type { SimJournal } from './journal.js';
import type { Monitor } from './monitor.js';

/** Exposure a venue provably could not close, as the report lists it. */
export interface Unclosable {
  readonly marketId: number;
  /** Signed: positive is long YES. */
  readonly contracts: Qty;
}

/**
 * How an auto-close can end (machines/closeLogic.ts `stopReasonOf`): a sell walk that ends
 * always hedges, so a close stops only when its hedge ends — "no asks up to the ceiling",
 * "hedge attempts used up below the ceiling", "rejected (<kind>): …" of a hedge buy, "the N
 * left is under the Polymarket minimum even at the ceiling" (a partial Polymarket hedge fill
 * after the Kalshi hedge ended) — or when a close order is still unknown at the deadline
 * ("close order outcome unknown at deadline"). Three of them can rest on proof of their kind
 * ({@link CloseMiss} `why`): a ceiling buy the book could not fill, a hedge buy the venue
 * refused for good, and for the minimum the Kalshi hedge's end (either kind), since
 * Polymarket cannot take what is left by its own rule.
 */
const PROVEN_STOPS: readonly {
  readonly detail: string;
  readonly why: readonly CloseMiss['why'][];
}[] = [
  { detail: 'auto-close stopped: no asks up to the ceiling', why: ['dry'] },
  { detail: 'auto-close stopped: rejected (', why: ['refused'] },
  { detail: 'is under the Polymarket minimum even at the ceiling', why: ['dry', 'refused'] }
];

/**
 * What a result proves unclosable: its unhedged contracts, if it stopped on a proven stop with
 * an error alert, up to the largest miss of that kind among its own hedge buys (one order's
 * `left`, not a sum: the hedge moves from Kalshi to Polymarket with what is left).
 */
function provenBy(
  mon: Monitor,
  r: ExecutionResult,
  proofs: readonly CloseMiss[],
  exposure: Qty
): Qty {
  if (r.unhedgedContracts <= 0 || !mon.alerted.has(r.executionId)) return ZERO_QTY;
  const stop = PROVEN_STOPS.find((p) => (r.detail ?? '').includes(p.detail));
  if (!stop) return ZERO_QTY;
  // a hedge of long YES buys NO, of long NO buys YES: it proves nothing about the other side
  const hedgeSide = exposure > 0 ? 'no' : 'yes';
  const own = proofs.filter(
    (x) =>
      stop.why.includes(x.why) &&
      x.side === hedgeSide &&
      closeExecution(x.clientOrderId) === r.executionId
  );
  const most = own.reduce<Qty>((m, x) => (x.left > m ? x.left : m), ZERO_QTY);
  return r.unhedgedContracts < most ? r.unhedgedContracts : most;
}

/**
 * Checks `exposure-closed`; returns the provably unclosable exposure it allowed. `misses` may
 * hold every close miss recorded; only hedge buys' count ({@link isHedgeProof}).
 */
export function checkExposure(
  mon: Monitor,
  venues: Readonly<Record<Venue, SimulatedVenue>>,
  markets: readonly MarketPair[],
  misses: readonly CloseMiss[]
): Unclosable[] {
  const out: Unclosable[] = [];
  const results = [...mon.results.values()];
  const proofs = misses.filter(isHedgeProof);
  for (const m of markets) {
    const id = m.marketId;
    const e = realExposure(venues, id);
    if (e === 0) continue;
    const mine = results.filter((r) => r.marketId === id);
    const allowed = mine.reduce((s, r) => addQty(s, provenBy(mon, r, proofs, e)), ZERO_QTY);
    if (uncovered(e, allowed) === 0) {
      out.push({ marketId: id, contracts: e });
      continue;
    }
    const why = mine
      .filter((r) => r.error !== null || r.unhedgedContracts > 0)
      .map(
        (r) =>
          `${r.executionId} ${r.error ?? 'success'} unhedged=${r.unhedgedContracts / 1e6}` +
          (r.detail ? ` (${r.detail})` : '')
      )
      .join('; ');
    const sells = misses.filter((x) => x.marketId === id && !isHedgeProof(x)).length;
    mon.violate(
      'exposure-closed',
      `market ${id} ends with real exposure ${describeExposure(venues, id)}; provably ` +
        `unclosable ${allowed / 1e6} (hedge buys at the ceiling with no ask left, or refused)` +
        (sells > 0 ? `; ${sells} sell-walk miss(es), no proof` : '') +
        (why ? `; results: ${why}` : '')
    );
  }
  return out;
}

/** Checks `unresolved-order-existed` (see the module comment). */
export function checkUnresolvedExisted(
  mon: Monitor,
  journal: SimJournal,
  venues: Readonly<Record<Venue, SimulatedVenue>>
): void {
  const terminal = new Set<string>();
  for (const e of journal.entries) {
    if (e.k === 'outcome' && isTerminal(e.outcome.status)) terminal.add(e.ref.clientOrderId);
  }
  const known = (v: Venue, coid: string) =>
    venues[v].orders().some((o) => o.clientOrderId === coid);
  for (const e of journal.entries) {
    if (e.k !== 'intent' || terminal.has(e.order.clientOrderId)) continue;
    const r = mon.results.get(e.order.executionId);
    if (r?.error !== 'order_unresolved') continue;
    if (known(e.order.venue, e.order.clientOrderId)) continue;
    mon.violate(
      'unresolved-order-existed',
      `${r.executionId} ended order_unresolved on ${e.order.clientOrderId} (${e.order.venue} ` +
        `${e.order.action} ${e.order.side}), which never reached the venue`
    );
  }
}
