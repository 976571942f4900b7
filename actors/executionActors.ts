/**
 * The execution machine bound to real ports: the risk verdict and the market's holdings
 * (synchronous, in actions; both checked at the door) and the three I/O actors. Every venue answer passes {@link checkOutcome} before it is journaled
 * or reaches the machine: an answer that does not prove itself is `unknown` and looked up.
 */
import { assign, fromCallback, fromPromise } from 'xstate';
import {
  checkHoldings,
  checkOutcome,
  checkVerdict,
  isTerminal,
  thrownText,
  NO_FILL,
  unknownOutcome,
  type Clock,
  type Journal,
  type OrderOutcome,
  type OrderRef,
  type OrderRequest,
  type OrderRole,
  type RiskPort,
  type Venue,
  type VenueAdapter
} from '../core/index.js';
import { executionMachine } from '../machines/execution.js';
import type { ExecutionContext, ExecutionEvent, LegsInput } from '../machines/executionTypes.js';

/** The I/O an execution needs, closed over by its actors (never put in context). */
export interface ExecutionPorts {
  readonly venues: Readonly<Record<Venue, VenueAdapter>>;
  readonly risk: RiskPort;
  readonly clock: Clock;
  readonly lookupTimeoutMs: number;
  readonly journal: Journal;
}

const notSent = (order: OrderRequest, why: string): OrderOutcome => ({
  status: 'rejected',
  rejectKind: 'other',
  reason: `not sent: ${why}`,
  clientOrderId: order.clientOrderId,
  ...NO_FILL
});

/**
 * Places an order write-ahead and never rejects: the intent is journaled before anything is
 * sent (if that write fails, the order is not sent and is reported rejected); the venue's
 * answer is checked, then journaled, before the machine sees it. A throw or an answer that
 * does not prove itself is `unknown`.
 */
export async function placeJournaled(
  ports: ExecutionPorts,
  order: OrderRequest,
  signal: AbortSignal,
  role: OrderRole = order.action === 'buy' ? 'entry' : 'close'
): Promise<OrderOutcome> {
  try {
    ports.journal.orderIntent(order, role, ports.clock.wallMs());
  } catch (e) {
    return notSent(order, `journal write failed (${thrownText(e)})`);
  }
  let outcome: OrderOutcome;
  try {
    outcome = checkOutcome(order, await ports.venues[order.venue].placeOrder(order, signal));
  } catch (e) {
    outcome = unknownOutcome(order.clientOrderId, `adapter error: ${thrownText(e)}`);
  }
  ports.journal.orderOutcome(order, outcome, ports.clock.wallMs());
  return outcome;
}

/**
 * Looks an order up with a deadline on the shared clock. The answer is checked against the
 * reference (an answer about another order is `unknown`); a final one is journaled.
 */
async function lookupChecked(
  ports: ExecutionPorts,
  ref: OrderRef,
  outer: AbortSignal
): Promise<OrderOutcome> {
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  let timer: unknown;
  const deadline = new Promise<never>((_, reject) => {
    timer = ports.clock.setTimeout(() => {
      ctl.abort(new Error('lookup timeout'));
      reject(new Error(`lookup timed out after ${ports.lookupTimeoutMs} ms`));
    }, ports.lookupTimeoutMs);
  });
  try {
    const raw = await Promise.race([
      ports.venues[ref.venue].lookupOrder(ref, ctl.signal),
      deadline
    ]);
    const outcome = checkOutcome(ref, raw);
    if (isTerminal(outcome.status)) ports.journal.orderOutcome(ref, outcome, ports.clock.wallMs());
    return outcome;
  } finally {
    ports.clock.clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}

/** The execution machine with its slots bound to real ports. */
export function provideExecutionMachine(ports: ExecutionPorts) {
  return executionMachine.provide({
    actions: {
      assessRisk: assign<ExecutionContext, ExecutionEvent, unknown, ExecutionEvent, never>(
        ({ context }) => {
          const { req, market } = context;
          if (!market) return {};
          const verdict = checkVerdict(() => ports.risk.assess(req, market));
          return { verdict, capacity: verdict.capacity };
        }
      ),
      readHoldings: assign<ExecutionContext, ExecutionEvent, unknown, ExecutionEvent, never>(
        ({ context }) => {
          const { market } = context;
          const risk = ports.risk;
          if (!market || !risk.holdings) return {};
          return { holdings: checkHoldings(() => risk.holdings?.(market.marketId)) };
        }
      )
    },
    actors: {
      placeLegs: fromCallback<ExecutionEvent, LegsInput>(({ input, sendBack }) => {
        const ctl = new AbortController();
        let answered = 0;
        const place = (side: 'yes' | 'no') => {
          const answer = (outcome: OrderOutcome) => {
            answered++;
            sendBack({ type: 'LEG', side, outcome });
          };
          // only the journal can make this reject (the answer could not be recorded)
          placeJournaled(ports, input[side], ctl.signal).then(answer, (e: unknown) =>
            answer(
              unknownOutcome(input[side].clientOrderId, `answer not journaled: ${thrownText(e)}`)
            )
          );
        };
        place('yes');
        place('no');
        return () => {
          if (answered < 2) ctl.abort(new Error('leg no longer awaited'));
        };
      }),
      placeOrder: fromPromise<OrderOutcome, OrderRequest>(({ input, signal }) =>
        // every order of this actor is a close (a sell, or a hedge buy of the other side)
        placeJournaled(ports, input, signal, 'close')
      ),
      lookupOrder: fromPromise<OrderOutcome, OrderRef>(({ input, signal }) =>
        lookupChecked(ports, input, signal)
      )
    }
  });
}

/** Type of the provided machine the supervisor spawns. */
export type ProvidedExecutionMachine = ReturnType<typeof provideExecutionMachine>;
