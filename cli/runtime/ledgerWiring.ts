/**
 * `--db`: the ledger as the supervisor's journal, recovery at startup (banner, the breaker's
 * positions and day's P&L derived from the ledger's fills and results, executions to resume)
 * and the breaker's state saved after every fill and every result and at exit. The saved state
 * only carries what fills do not (halts, blacklists, counters); a crash between a fill's commit
 * and that save is repaired at the next start, because positions come from the ledger. A live
 * run also records each order's dispatch (`liveHooks`), so an order that never reached its venue
 * is recovered as 0 filled and a dispatched one is recalled by its adapter.
 */
import type { CircuitBreaker } from '../../actors/circuitBreaker/index.js';
import type { Clock, Logger, MarketRegistry } from '../../core/index.js';
import type { Recovery } from '../../adapters/ledger/index.js';
import { openLedger, type LedgerPort } from '../ledger.js';
import type { LiveHooks } from './venues.js';

/** An open ledger wired for a run. */
export interface LedgerSession {
  readonly ledger: LedgerPort;
  readonly recovery: Recovery;
  /** Call after each fill and each result: saves the breaker state now. */
  onChange(): void;
  /** Saves the breaker state now and closes the ledger. */
  close(): void;
  /**
   * The live adapters' dispatch hooks, write-ahead to the ledger (Kalshi `onOrderDispatched`,
   * Polymarket `onOrderSigned`: a failing write means the order is not sent), and the recovered
   * dispatched orders to recall. Marks both venues dispatch-tracked: call it once, before the
   * first order, and only when those hooks are given to the adapters.
   */
  liveHooks(): LiveHooks;
}

/** Opens the ledger, recovers, prints the banner and restores the breaker. */
export async function openLedgerSession(
  file: string,
  o: {
    clock: Clock;
    log: Logger;
    markets: MarketRegistry;
    breaker: CircuitBreaker;
    banner: (text: string) => void;
  }
): Promise<LedgerSession> {
  const ledger = await openLedger(file, { clock: o.clock, logger: o.log });
  const recovery = ledger.recover(o.markets);
  o.banner(recovery.banner);
  // before the supervisor resumes executions: their reservations sit on these positions
  o.breaker.restoreFromLedger(
    { fills: ledger.fills(), results: ledger.executions() },
    recovery.breakerState
  );
  const save = (): void => {
    try {
      ledger.saveBreakerState(o.breaker.snapshot());
    } catch (e) {
      o.log.error({ err: e }, 'ledger: saving the breaker state failed');
    }
  };
  let closed = false;
  return {
    ledger,
    recovery,
    liveHooks: () => {
      ledger.trackDispatch('kalshi');
      ledger.trackDispatch('polymarket');
      return {
        onOrderDispatched: (cid, wallMs) => ledger.recordDispatch(cid, wallMs),
        onOrderSigned: (cid, id, wallMs) => ledger.recordSigned(cid, id, wallMs),
        recall: recovery.dispatched
      };
    },
    onChange: () => {
      if (!closed) save();
    },
    close: () => {
      if (closed) return;
      closed = true;
      save();
      ledger.close();
    }
  };
}
