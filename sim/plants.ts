/**
 * Deliberately broken builds of the engine (planted bugs). The harness must catch each within
 * the CI batch; `test/sim.test.ts` proves it. Never used on the real run.
 */
import type { ErrorCode, OrderOutcome, VenueAdapter } from '../core/index.js';
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

/** Planted bugs by name (for `npm run sim -- --plant <name>`). */
export const PLANTS: Readonly<Record<string, Plant>> = {
  'delayed-as-none': DELAYED_AS_NONE,
  'skip-release-on-execution_failed': skipReleaseOn('execution_failed')
};
