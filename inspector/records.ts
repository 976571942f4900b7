/**
 * What the inspector remembers between flushes: one record per execution (latest raw
 * snapshot, path so far, cached frames) and one small record per delivered event.
 */

/** The part of an XState snapshot the inspector reads. */
export interface RawSnapshot {
  readonly value: unknown;
  readonly status: string;
  readonly context: unknown;
  readonly output?: unknown;
  readonly error?: unknown;
}

/** One step of an execution's path: an edge index of the graph, or `source>target`. */
export type PathStep = number | string;

/** One execution as the inspector tracks it. */
export interface ActorRecord {
  readonly id: string;
  readonly startedMs: number;
  marketId: number | null;
  /** Latest snapshot, not yet converted (conversion happens at flush). */
  snapshot: RawSnapshot | undefined;
  /** Type of the event that caused {@link snapshot}. */
  cause: string;
  /** Transitions taken so far (bounded; oldest dropped). */
  readonly path: PathStep[];
  /** Snapshot changed since the last flush. */
  dirty: boolean;
  /** Its `@xstate.actor` frame went out. */
  announced: boolean;
  /** Sampled out by the per-flush announcement bound: never shown. */
  hidden: boolean;
  /** Reached a final / error / stopped status. */
  done: boolean;
  /** Cached frames for late-joining clients. */
  actorFrame: string | undefined;
  snapshotFrame: string | undefined;
}

/** One delivered event, as the timeline shows it. */
export interface EventRecord {
  readonly target: string;
  readonly source: string | undefined;
  readonly type: string;
  readonly atMs: number;
}

/** A new record. */
export function actorRecord(id: string, startedMs: number): ActorRecord {
  return {
    id,
    startedMs,
    marketId: null,
    snapshot: undefined,
    cause: '',
    path: [],
    dirty: false,
    announced: false,
    hidden: false,
    done: false,
    actorFrame: undefined,
    snapshotFrame: undefined
  };
}
