/**
 * The supervisor's shapes: its options, what `stop()` reports, and its two kinds of live
 * execution (an actor, or a run on the fast lane).
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
  MarketRegistry,
  RiskPort,
  Venue,
  VenueAdapter
} from '../core/index.js';
import type { ProvidedExecutionMachine } from './executionActors.js';
import type { FastLaneRun } from './fastLane.js';
import type { LiveNode } from './liveList.js';

/** Options of {@link ExecutionSupervisor}. */
export interface SupervisorOptions {
  readonly markets: MarketRegistry | readonly MarketPair[];
  readonly venues: Readonly<Record<Venue, VenueAdapter>>;
  readonly config?: EngineConfigInput;
  /** The shared clock (default: a new `NanoClock`). */
  readonly clock?: Clock;
  /** Risk layer (default: permissive). */
  readonly risk?: RiskPort;
  readonly logger?: Logger;
  /** XState inspection observer attached to every execution actor. */
  readonly inspect?: Observer<InspectionEvent> | ((ev: InspectionEvent) => void);
  /** Prefix of execution ids (default: random per supervisor, unique across restarts). */
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

/** One execution on the fast lane, waiting for its legs. */
export interface Fast extends LiveNode {
  readonly id: string;
  readonly run: FastLaneRun;
  readonly req: FastExecutionRequest;
  readonly resolve: ((r: ExecutionResult) => void) | undefined;
}

/** An execution that was still running when {@link ExecutionSupervisor.stop} gave up waiting. */
export interface HandedOver {
  readonly executionId: string;
  readonly marketId: number;
  readonly state: unknown;
  readonly result: ExecutionResult;
}

/** What {@link ExecutionSupervisor.stop} reports. */
export interface StopReport {
  readonly handedOver: readonly HandedOver[];
  readonly releasedDelayed: number;
}
