import { fromPromise } from 'xstate';
import type {
  Clock,
  OrderOutcome,
  OrderRef,
  OrderRequest,
  RiskPort,
  RiskVerdict,
  Venue,
  VenueAdapter
} from '../core/index.js';
import { executionMachine } from '../machines/execution.js';
import type { AssessInput } from '../machines/executionTypes.js';

/** The I/O an execution needs, closed over by its invoked actors (never put in context). */
export interface ExecutionPorts {
  readonly venues: Readonly<Record<Venue, VenueAdapter>>;
  readonly risk: RiskPort;
  readonly clock: Clock;
  readonly lookupTimeoutMs: number;
}

/**
 * Runs `fn` with a signal that aborts when the execution's signal does or after `ms` on the
 * shared clock; the promise rejects on the timeout.
 */
function withDeadline<T>(
  clock: Clock,
  ms: number,
  outer: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T>
): Promise<T> {
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      ctl.abort(new Error('lookup timeout'));
      reject(new Error(`lookup timed out after ${ms} ms`));
    }, ms);
    fn(ctl.signal).then(
      (v) => {
        clock.clearTimeout(timer);
        outer.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        clock.clearTimeout(timer);
        outer.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    );
  });
}

/** The execution machine with its actor slots bound to real ports. */
export function provideExecutionMachine(ports: ExecutionPorts) {
  return executionMachine.provide({
    actors: {
      assessRisk: fromPromise<RiskVerdict, AssessInput>(({ input }) =>
        Promise.resolve(ports.risk.assess(input.req, input.market))
      ),
      placeOrder: fromPromise<OrderOutcome, OrderRequest>(({ input, signal }) =>
        ports.venues[input.venue].placeOrder(input, signal)
      ),
      lookupOrder: fromPromise<OrderOutcome, OrderRef>(({ input, signal }) =>
        withDeadline(ports.clock, ports.lookupTimeoutMs, signal, (s) =>
          ports.venues[input.venue].lookupOrder(input, s)
        )
      )
    }
  });
}

/** Type of the provided machine the supervisor spawns. */
export type ProvidedExecutionMachine = ReturnType<typeof provideExecutionMachine>;
