/**
 * The issue-13 end invariants, after recovery and quiescence (all executions finished, delayed
 * work drained):
 * - `exposure-closed`: every market's REAL cross-venue exposure (what the venues hold, see
 *   `exposure.ts`) is zero, except what the venue provably could not close (a floor-priced
 *   close sell left unfilled with no bid left) and the engine reported as "price floor reached"
 *   with an error alert. That exception is returned and listed in the report.
 *   "Flagged" is not enough: an `order_unresolved` or a rejected close leaves the money open.
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
import { describeExposure, realExposure, uncovered, type FloorMiss } from './exposure.js';
import type { SimJournal } from './journal.js';
import type { Monitor } from './monitor.js';

/** Exposure a venue provably could not close, as the report lists it. */
export interface Unclosable {
  readonly marketId: number;
  /** Signed: positive is long YES. */
  readonly contracts: Qty;
}

/**
 * The details of an auto-close that stopped on proof (machines/executionSetup.ts): no bid down
 * to the floor, no ask up to the ceiling, or the venue refused the close for good.
 */
const PROVEN_STOPS = [
  'price floor reached',
  'no asks up to the ceiling',
  'auto-close stopped: rejected ('
];

const reportedAtFloor = (mon: Monitor, r: ExecutionResult): boolean =>
  r.unhedgedContracts > 0 &&
  PROVEN_STOPS.some((p) => (r.detail ?? '').includes(p)) &&
  mon.alerted.has(r.executionId);

/** Checks `exposure-closed`; returns the provably unclosable exposure it allowed. */
export function checkExposure(
  mon: Monitor,
  venues: Readonly<Record<Venue, SimulatedVenue>>,
  markets: readonly MarketPair[],
  misses: readonly FloorMiss[]
): Unclosable[] {
  const out: Unclosable[] = [];
  const results = [...mon.results.values()];
  for (const m of markets) {
    const id = m.marketId;
    const e = realExposure(venues, id);
    if (e === 0) continue;
    const floor = results.filter((r) => r.marketId === id && reportedAtFloor(mon, r));
    const reported = floor.reduce((s, r) => addQty(s, r.unhedgedContracts), ZERO_QTY);
    const proven = misses
      .filter((x) => x.marketId === id)
      .reduce((s, x) => addQty(s, x.left), ZERO_QTY);
    const allowed = reported < proven ? reported : proven;
    if (uncovered(e, allowed) === 0) {
      out.push({ marketId: id, contracts: e });
      continue;
    }
    const why = results
      .filter((r) => r.marketId === id && (r.error !== null || r.unhedgedContracts > 0))
      .map((r) => `${r.executionId} ${r.error ?? 'success'} unhedged=${r.unhedgedContracts / 1e6}`)
      .join('; ');
    mon.violate(
      'exposure-closed',
      `market ${id} ends with real exposure ${describeExposure(venues, id)}; provably unclosable ` +
        `${proven / 1e6} (floor misses), reported at the floor ${reported / 1e6}` +
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
