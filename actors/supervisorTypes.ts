/**
 * The supervisor's shapes: its options, a live execution, and what `stop()` reports.
 */
import type { Actor, InspectionEvent, Observer } from 'xstate';
import type {
  Clock,
  EngineConfigInput,
  ExecutionResult,
  FastExecutionRequest,
  Journal,
  Logger,
  MarketPair,
  OrderRole,
  OrderStatus,
  Qty,
  Side,
  MarketRegistry,
  RiskPort,
  Venue,
  VenueAdapter
} from '../core/index.js';
import type { ProvidedExecutionMachine } from './executionActors.js';

/** Options of {@link ExecutionSupervisor}. */
export interface SupervisorOptions {
  /** The tradable pairs; each `marketId` is a bit of the in-flight bitmask. */
  readonly markets: MarketRegistry | readonly MarketPair[];
  /** One adapter per venue (simulated, or the real Kalshi and Polymarket adapters). */
  readonly venues: Readonly<Record<Venue, VenueAdapter>>;
  /** Engine configuration (core units); every field optional. */
  readonly config?: EngineConfigInput;
  /** The shared clock (default: a new `NanoClock`). */
  readonly clock?: Clock;
  /** Risk layer (default: permissive). */
  readonly risk?: RiskPort;
  /** A pino-compatible logger for the `[EXEC]` lines (default: silent). */
  readonly logger?: Logger;
  /** XState inspection observer attached to every execution actor. */
  readonly inspect?: Observer<InspectionEvent> | ((ev: InspectionEvent) => void);
  /**
   * Prefix of execution ids (`<prefix><n>`, n from 1) and so of client order ids: `<prefix><n>-y`
   * and `-n` for the entry legs, `-c<k>` for close attempt k (from 1).
   * Default: random per supervisor (time and 32 random bits), so two engines never share one.
   */
  readonly idPrefix?: string;
  /** Durable write-ahead record (the ledger); default records nothing. */
  readonly journal?: Journal;
}

/** An unfinished execution recovered from the ledger (defined in core). */
export type { ResumeRequest } from '../core/index.js';

/** One live execution. */
export interface Live {
  readonly id: string;
  readonly req: FastExecutionRequest;
  readonly market: MarketPair | undefined;
  readonly actor: Actor<ProvidedExecutionMachine>;
  resolve: ((r: ExecutionResult) => void) | undefined;
  done: boolean;
  /** Runtime inspection attached after spawn (detached with the last inspector). */
  inspection: { unsubscribe(): void } | undefined;
  /** Spawned with the dispatching `inspect` option (never attach it twice). */
  readonly inspectedAtSpawn: boolean;
}

/** One order of an execution still open at stop, with what is really known of it. */
export interface OpenOrder {
  readonly role: OrderRole;
  readonly side: Side;
  readonly venue: Venue;
  readonly clientOrderId: string;
  /** The venue's order id when known. */
  readonly orderId?: string;
  readonly qty: Qty;
  /**
   * The venue's last answer; `awaiting_answer` when the order was sent (intent journaled and
   * handed to the adapter) and nothing came back yet.
   */
  readonly state: OrderStatus | 'awaiting_answer';
  readonly filledQty: Qty;
}

/** An execution that was still running when {@link ExecutionSupervisor.stop} gave up waiting. */
export interface Interrupted {
  readonly executionId: string;
  readonly marketId: number;
  /** The machine's state value when it was stopped. */
  readonly state: unknown;
  /** Every order the execution sent, so a host can take over. */
  readonly orders: readonly OpenOrder[];
  readonly result: ExecutionResult;
}

/** What {@link ExecutionSupervisor.stop} reports. */
export interface StopReport {
  /** Executions still running at the timeout, stopped and reported `shutdown_interrupted`. */
  readonly interrupted: readonly Interrupted[];
  /** Slots that were waiting for their delayed release. */
  readonly releasedDelayed: number;
}
