import { fromPromise } from 'xstate';
import { isTerminal } from '../core/index.js';
import type {
  Clock,
  Journal,
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
  readonly journal: Journal;
}

/**
 * Places an order write-ahead: the intent is journaled before anything is sent (if that write
 * fails, the order is not sent and is reported rejected), and the venue's answer is journaled
 * before the machine sees it.
 */
export async function placeJournaled(
  ports: ExecutionPorts,
  order: OrderRequest,
  signal: AbortSignal
): Promise<OrderOutcome> {
  try {
    ports.journal.orderIntent(
      order,
      order.action === 'buy' ? 'entry' : 'close',
      ports.clock.wallMs()
    );
  } catch (e) {
    return {
      status: 'rejected',
      rejectKind: 'other',
      reason: `not sent: journal write failed (${e instanceof Error ? e.message : String(e)})`,
      clientOrderId: order.clientOrderId,
      filledQty: 0,
      notional: 0,
      fee: 0
    };
  }
  let outcome: OrderOutcome;
  try {
    outcome = await ports.venues[order.venue].placeOrder(order, signal);
  } catch (e) {
    const reason = `adapter error: ${e instanceof Error ? e.message : String(e)}`;
    ports.journal.orderOutcome(
      order,
      {
        status: 'unknown',
        clientOrderId: order.clientOrderId,
        filledQty: 0,
        notional: 0,
        fee: 0,
        reason
      },
      ports.clock.wallMs()
    );
    throw e;
  }
  ports.journal.orderOutcome(order, outcome, ports.clock.wallMs());
  return outcome;
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
        placeJournaled(ports, input, signal)
      ),
      lookupOrder: fromPromise<OrderOutcome, OrderRef>(async ({ input, signal }) => {
        const outcome = await withDeadline(ports.clock, ports.lookupTimeoutMs, signal, (s) =>
          ports.venues[input.venue].lookupOrder(input, s)
        );
        if (isTerminal(outcome.status))
          ports.journal.orderOutcome(input, outcome, ports.clock.wallMs());
        return outcome;
      })
    }
  });
}

/** Type of the provided machine the supervisor spawns. */
export type ProvidedExecutionMachine = ReturnType<typeof provideExecutionMachine>;
