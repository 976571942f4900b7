/**
 * Shared types of the live inspector: what it needs from a supervisor, and the twinleg
 * extension messages it sends next to the `@statelyai/inspect` protocol messages.
 */
import type { Observable } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import type { ExecutionResult, FillRecord } from '../core/index.js';

/** An XState inspection observer function. */
export type InspectFn = (ev: InspectionEvent) => void;

/**
 * What the inspector reads from a supervisor (structural, so a host app's own supervisor or a
 * test double fits). {@link ExecutionSupervisor} satisfies it once it has `attachInspector`;
 * until then pass an {@link InspectionTap} that was given to the supervisor as `inspect`.
 */
export interface InspectableSupervisor {
  /** Attaches an inspection observer to new and live executions; returns the detach function. */
  attachInspector?(fn: InspectFn): () => void;
  liveExecutions(): readonly { executionId: string; marketId: number; state: unknown }[];
  readonly bitmask: { claimedIds(): number[]; readonly capacity: number };
  pendingReleases(): number;
  /** Market ids waiting for a delayed release (derived from the bitmask when absent). */
  delayedReleaseIds?(): readonly number[];
  readonly results$: Observable<ExecutionResult>;
  readonly fills$: Observable<FillRecord>;
  readonly clock?: { wallMs(): number };
}

/** Session id of the synthetic supervisor actor, the parent of every execution. */
export const SUPERVISOR_ID = 'supervisor';

/** Version of the twinleg extension messages. */
export const TWINLEG_PROTOCOL = 1;

/** First frame on every connection. */
export interface HelloMessage {
  readonly type: 'twinleg.hello';
  readonly protocol: typeof TWINLEG_PROTOCOL;
  readonly serverTimeMs: number;
  readonly flushIntervalMs: number;
  /** Path (relative to the page) of the execution machine's graph. */
  readonly graph: string;
}

/** Marks the end of the replay (current actors, then history); live deltas follow. */
export interface ReplayedMessage {
  readonly type: 'twinleg.replayed';
  readonly actors: number;
  readonly history: number;
}

/** The in-flight bitmask: claimed ids of live executions and ids waiting for release. */
export interface BitmaskMessage {
  readonly type: 'twinleg.bitmask';
  readonly capacity: number;
  /** Claimed by a running execution. */
  readonly claimed: readonly number[];
  /** Claimed, no execution running: waiting for the delayed release. */
  readonly delayed: readonly number[];
}

/** Whatever the circuit breaker's `status()` returned (plain JSON). */
export interface BreakerMessage {
  readonly type: 'twinleg.breaker';
  readonly status: unknown;
}

/** A batch of whitelisted results (at most `maxBatch` per flush; `dropped` counts the rest). */
export interface ResultsMessage {
  readonly type: 'twinleg.results';
  readonly items: readonly SafeResult[];
  readonly dropped: number;
}

/** A batch of whitelisted fills. */
export interface FillsMessage {
  readonly type: 'twinleg.fills';
  readonly items: readonly SafeFill[];
  readonly dropped: number;
}

/** Counters, once a second. */
export interface StatsMessage {
  readonly type: 'twinleg.stats';
  readonly serverTimeMs: number;
  readonly live: number;
  readonly started: number;
  readonly finished: number;
  /** Executions not shown because a flush already announced its maximum. */
  readonly sampledOut: number;
  /** `@xstate.event` frames dropped by the per-flush event bound. */
  readonly eventsDropped: number;
  readonly framesSent: number;
  /** Frames not sent to a slow client (its socket buffer was full). */
  readonly framesSkipped: number;
  readonly clients: number;
}

/** Every twinleg extension message. */
export type TwinlegMessage =
  | HelloMessage
  | ReplayedMessage
  | BitmaskMessage
  | BreakerMessage
  | ResultsMessage
  | FillsMessage
  | StatsMessage;

/** A result as the inspector shows it. */
export interface SafeResult {
  readonly executionId: string;
  readonly marketId: number;
  readonly success: boolean;
  readonly error: string | null;
  readonly matchedContracts: number;
  readonly realizedProfit: number;
  readonly unhedgedContracts: number;
  readonly closedContracts: number;
  readonly latencyNs: number;
  readonly atMs: number;
}

/** A fill as the inspector shows it. */
export interface SafeFill {
  readonly executionId: string;
  readonly marketId: number;
  readonly pairId: string;
  readonly platform: string;
  readonly side: string;
  readonly action: string;
  readonly contracts: number;
  readonly avgPrice: number;
  readonly fee: number;
  readonly orderId: string | null;
  readonly wallTimeMs: number;
}
