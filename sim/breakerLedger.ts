/**
 * `breaker-matches-ledger`: the live breaker's positions equal the positions the ledger implies
 * (a fresh breaker restored from the ledger alone, the one truth), per market and side. Checked
 * right after every restart and at the end, after the stop. A crash between a fill's ledger
 * commit and the breaker's own state (or its saved snapshot) must leave no difference.
 */
import { CircuitBreaker, type CircuitBreaker as Breaker } from '../actors/circuitBreaker/index.js';
import { SILENT_LOGGER } from '../core/index.js';
import type { World } from './world.js';

const key = (p: { marketId: number; yes: number; no: number }) =>
  `${p.marketId}: YES ${p.yes / 1e6} NO ${p.no / 1e6}`;

/** Checks `breaker-matches-ledger` (no-op without a SQLite ledger). */
export function checkBreakerLedger(w: World, breaker: Breaker, when: string): void {
  const ledger = w.ledger;
  if (!ledger) return;
  const fresh = new CircuitBreaker({
    clock: w.clock,
    config: w.scenario.breaker,
    logger: SILENT_LOGGER
  });
  fresh.restoreFromLedger({ fills: ledger.fills(), results: ledger.executions() }, null);
  const live = breaker.status().positions.filter((p) => p.yes > 0 || p.no > 0);
  const truth = fresh.status().positions.filter((p) => p.yes > 0 || p.no > 0);
  const a = live.map(key).sort().join('; ');
  const b = truth.map(key).sort().join('; ');
  if (a !== b) {
    w.monitor.violate(
      'breaker-matches-ledger',
      `${when}: breaker positions [${a}] ≠ ledger's [${b}]`
    );
  }
}
