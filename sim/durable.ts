/**
 * Where the engine's durable record lives in a simulation, and how a restart recovers from it:
 * - `ledger` (default): the real SQLite ledger (`adapters/ledger`, in memory): `recover(markets)`
 *   gives the executions to resume; the breaker is restored as `twinleg run --db` restores it
 *   (`cli/runtime/ledgerWiring.ts`): positions and the day's P&L replayed from the ledger, the
 *   saved state (after every fill and result, and at stop) checked against them.
 * - `ledger-throttled`: a deliberately weaker save policy (only after results, at most once per
 *   second on the engine's clock, and at stop), kept to show that a stale snapshot no longer
 *   costs anything: positions come from the ledger (see sim/README.md).
 * - `memory`: the in-sim journal ({@link SimJournal}); recovery rebuilds the resume state
 *   itself and rebuilds the breaker by replaying every journaled fill and result.
 */
import type { CircuitBreaker } from '../actors/circuitBreaker/index.js';
import type { ResumeRequest } from '../actors/supervisor.js';
import { Ledger } from '../adapters/ledger/index.js';
import { marketRegistry, type Clock, type Journal, type MarketPair } from '../core/index.js';
import { recover, type SimJournal } from './journal.js';
import type { ProcessClock } from './process.js';

/** Which durable record a simulation uses. */
export type DurableKind = 'ledger' | 'ledger-throttled' | 'memory';

/** Every {@link DurableKind}. */
export const DURABLE_KINDS: readonly DurableKind[] = ['ledger', 'ledger-throttled', 'memory'];

/** What a restart gets back. */
export interface Recovered {
  readonly resume: readonly ResumeRequest[];
  /** Unfinished executions that will never report (they sent no order). */
  readonly abandoned: readonly string[];
  /** Client order ids of unresolved orders with a dispatch record (for the adapters' recall). */
  readonly dispatched?: readonly string[];
}

/** The durable record of one world. */
export interface Durable {
  readonly kind: DurableKind;
  readonly journal: Journal;
  /** A fill was reported by a live process (after the breaker saw it). */
  onFill(breaker: CircuitBreaker): void;
  /** A result was reported by a live process (after the breaker saw it). */
  onResult(breaker: CircuitBreaker, clock: ProcessClock): void;
  /** The process stops gracefully: save what production saves at exit. */
  onStop(breaker: CircuitBreaker): void;
  /** Restart: restores `breaker` and returns the executions to resume. */
  recover(breaker: CircuitBreaker): Recovered;
}

const THROTTLE_MS = 1_000;

/** The SQLite ledger, in memory (see the module comment). */
export function ledgerDurable(
  clock: Clock,
  markets: readonly MarketPair[],
  throttled: boolean
): Durable {
  const ledger = Ledger.open(':memory:', { clock });
  const registry = marketRegistry(markets);
  let armed: ProcessClock | null = null;
  const save = (breaker: CircuitBreaker) => ledger.saveBreakerState(breaker.snapshot());
  return {
    kind: throttled ? 'ledger-throttled' : 'ledger',
    journal: ledger,
    onFill(breaker) {
      if (!throttled) save(breaker);
    },
    onResult(breaker, pc) {
      if (!throttled) return save(breaker);
      if (armed === pc) return;
      armed = pc;
      pc.setTimeout(() => {
        armed = null;
        save(breaker);
      }, THROTTLE_MS);
    },
    onStop: save,
    recover(breaker) {
      armed = null;
      const r = ledger.recover(registry);
      // as the CLI starts: positions and the day's P&L from the ledger, the snapshot checked
      breaker.restoreFromLedger(
        { fills: ledger.fills(), results: ledger.executions() },
        r.breakerState
      );
      return {
        resume: r.resume,
        abandoned: [],
        dispatched: r.dispatched.map((x) => x.clientOrderId)
      };
    }
  };
}

/** The in-sim journal (see the module comment). */
export function memoryDurable(journal: SimJournal): Durable {
  return {
    kind: 'memory',
    journal,
    onFill: () => undefined,
    onResult: () => undefined,
    onStop: () => undefined,
    recover(breaker) {
      for (const e of journal.entries) {
        if (e.k === 'fill') breaker.onFill(e.fill);
        else if (e.k === 'finish') breaker.onResult(e.result);
      }
      return recover(journal);
    }
  };
}
