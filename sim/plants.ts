/**
 * Deliberately broken builds of the engine (planted bugs). The harness must catch each within
 * the CI batch; `test/sim.test.ts` proves it. Never used on the real run.
 */
import type { BreakerLedgerView } from '../actors/circuitBreaker/ledgerReplay.js';
import { NO_FILL, type ErrorCode, type OrderOutcome, type VenueAdapter } from '../core/index.js';
import type { Plant } from './types.js';

/**
 * Polymarket `delayed` read as "0 filled" (the valory-xyz/trader#942 bug): a `pending`
 * placement answer is turned into a terminal `none`, so the engine never looks it up.
 */
export const DELAYED_AS_NONE: Plant = {
  name: 'delayed-as-none',
  wrapVenue: (_venue, a): VenueAdapter => ({
    venue: a.venue,
    placeOrder: async (o, s): Promise<OrderOutcome> => {
      const out = await a.placeOrder(o, s);
      return out.status === 'pending'
        ? { ...out, status: 'none', reason: 'treated delayed as 0 filled' }
        : out;
    },
    lookupOrder: (r, s) => a.lookupOrder(r, s)
  })
};

/**
 * The release skipped on one path (terauss `execution.rs:111-115`): a supervisor whose slot
 * release is a no-op for `code`, so the market stays "in flight" forever.
 */
export function skipReleaseOn(code: ErrorCode): Plant {
  return {
    name: `skip-release-on-${code}`,
    patchSupervisor: (sup) => {
      // the supervisor's result outlets own the release (actors/outlets.ts)
      const s = (sup as unknown as { out: { release(m: number, c: ErrorCode | null): void } }).out;
      const original = s.release.bind(s);
      s.release = (m, c) => {
        if (c !== code) original(m, c);
      };
    }
  };
}

/**
 * An auto-close that believes the venues cannot close: every close order (sell or hedge buy)
 * is answered "no fill" without reaching the venue, so the sell walks end at the floor, the
 * hedge at the ceiling, and the engine reports the excess UNHEDGED and alerts — which
 * `residual-flagged` accepts — while the venue had bids (and asks, for the hedge) all along.
 * `exposure-closed` must catch it (switch `strictExposure`).
 */
export const CLOSE_NEVER_SENT: Plant = {
  name: 'close-never-sent',
  wrapVenue: (_venue, a): VenueAdapter => ({
    venue: a.venue,
    placeOrder: (o, s): Promise<OrderOutcome> =>
      /-c\d+$/.test(o.clientOrderId)
        ? Promise.resolve({
            status: 'none',
            clientOrderId: o.clientOrderId,
            ...NO_FILL,
            reason: 'no bids (planted)'
          })
        : a.placeOrder(o, s),
    lookupOrder: (r, s) => a.lookupOrder(r, s)
  })
};

/**
 * The engine before issue 13 item 1: the ledger does not track Kalshi dispatch, so an order
 * whose intent was journaled but that never left the write bucket cannot be proven unsent, the
 * adapter's lookup answers "not found (no local send record)" as unknown until the deadline,
 * and the execution ends `order_unresolved`. `unresolved-order-existed` must catch it
 * (switches `crashAtIntent` and `strictExposure`).
 */
export const DISPATCH_UNTRACKED: Plant = { name: 'dispatch-untracked', trackDispatch: false };

/**
 * The breaker before issue 13 item 2: at start it takes its positions from the saved snapshot,
 * not from the ledger, so a crash between a fill's ledger commit and the snapshot save loses
 * the fill. `breaker-matches-ledger` must catch it (switch `crashAtFillCommit`).
 */
export const SNAPSHOT_POSITIONS: Plant = {
  name: 'snapshot-positions',
  patchBreaker: (b) => {
    b.restoreFromLedger = (_view: BreakerLedgerView, saved: unknown) => {
      if (saved != null) b.restore(saved);
      return { disagreed: [] };
    };
  }
};

/**
 * No writer lock: a second process opens the ledger the first one runs on. `one-writer` must
 * catch it (switch `secondWriter`).
 */
export const LOCK_IGNORED: Plant = {
  name: 'lock-ignored',
  writerLock: (file) => ({ path: `${file}.lock`, tookOver: undefined, release: () => undefined })
};

/** Planted bugs by name (for `npm run sim -- --plant <name>`). */
export const PLANTS: Readonly<Record<string, Plant>> = {
  'delayed-as-none': DELAYED_AS_NONE,
  'skip-release-on-execution_failed': skipReleaseOn('execution_failed'),
  'close-never-sent': CLOSE_NEVER_SENT,
  'dispatch-untracked': DISPATCH_UNTRACKED,
  'snapshot-positions': SNAPSHOT_POSITIONS,
  'lock-ignored': LOCK_IGNORED
};
