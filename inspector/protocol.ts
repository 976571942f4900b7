/**
 * Builds `@statelyai/inspect` protocol messages (`@xstate.actor`, `@xstate.event`,
 * `@xstate.snapshot`) from the inspector's records, after the whitelist. Two builders make the
 * same shapes: `twinleg` writes the objects directly (typed with the package's own types);
 * `stately` runs them through `@statelyai/inspect`'s `createInspector` manual API. Both run
 * at flush time only, never on the engine's hot path. Each message also carries a `twinleg`
 * field (market id, path so far) that other readers of the protocol ignore.
 *
 * Deviations from what `@statelyai/inspect` would send for XState: `sessionId` is the
 * execution id (each execution is its own actor system, so XState's own session ids repeat),
 * executions are children of a synthetic `supervisor` actor, `definition` is omitted (the page
 * reads the graph from `graph.json`), and promise children are not reported.
 */
import {
  createInspector,
  type StatelyActorEvent,
  type StatelyEventEvent,
  type StatelyInspectionEvent,
  type StatelySnapshotEvent
} from '@statelyai/inspect';
import type { ActorRecord, EventRecord } from './records.js';
import { sanitizeContext, sanitizeOutput } from './sanitize.js';
import { SUPERVISOR_ID } from './types.js';

/** The `@statelyai/inspect` version whose shapes these are. */
export const STATELY_VERSION = '0.7.2';

/** Builds one message per call. */
export interface MessageBuilder {
  actor(rec: ActorRecord): StatelyActorEvent;
  event(ev: EventRecord): StatelyEventEvent;
  snapshot(rec: ActorRecord, atMs: number): StatelySnapshotEvent;
  /** The synthetic supervisor actor. */
  supervisor(atMs: number, live: number): StatelyActorEvent;
}

/** Which builder to use (see the module comment). */
export type BuilderKind = 'twinleg' | 'stately';

/** The whitelisted snapshot of a record. */
export function safeSnapshot(rec: ActorRecord) {
  const s = rec.snapshot;
  if (!s) return { status: 'active' as const, value: null, context: null };
  return {
    status: s.status as 'active' | 'done' | 'error' | 'stopped',
    value: s.value,
    context: sanitizeContext(s.context),
    ...(s.status === 'done' ? { output: sanitizeOutput(s.output) } : {}),
    ...(s.status === 'error' ? { error: 'execution actor failed' } : {})
  };
}

const ext = (rec: ActorRecord) => ({
  twinleg: { marketId: rec.marketId, startedMs: rec.startedMs, path: rec.path }
});

/** Writes the shapes directly. */
export function twinlegBuilder(): MessageBuilder {
  const base = (sessionId: string, atMs: number) => ({
    sessionId,
    rootId: SUPERVISOR_ID,
    id: null as unknown as string,
    createdAt: String(atMs),
    _version: STATELY_VERSION
  });
  return {
    actor: (rec) => ({
      type: '@xstate.actor',
      ...base(rec.id, rec.startedMs),
      name: 'execution',
      parentId: SUPERVISOR_ID,
      definition: undefined,
      snapshot: { status: 'active' },
      ...ext(rec)
    }),
    event: (ev) => ({
      type: '@xstate.event',
      ...base(ev.target, ev.atMs),
      sourceId: ev.source,
      event: { type: ev.type }
    }),
    snapshot: (rec, atMs) => ({
      type: '@xstate.snapshot',
      ...base(rec.id, atMs),
      event: { type: rec.cause },
      snapshot: safeSnapshot(rec) as unknown as StatelySnapshotEvent['snapshot'],
      ...ext(rec)
    }),
    supervisor: (atMs, live) => ({
      type: '@xstate.actor',
      ...base(SUPERVISOR_ID, atMs),
      rootId: SUPERVISOR_ID,
      name: 'supervisor',
      parentId: undefined,
      definition: undefined,
      snapshot: { status: 'active', value: 'running', context: { live } }
    })
  };
}

/** Runs the shapes through `@statelyai/inspect`'s `createInspector` (manual API). */
export function statelyBuilder(): MessageBuilder {
  let last: StatelyInspectionEvent | undefined;
  const insp = createInspector({ send: (e) => void (last = e) }, { autoStart: false });
  const take = <T extends StatelyInspectionEvent>(): T => {
    const e = last as T;
    last = undefined;
    return e;
  };
  type RefArg = Parameters<typeof insp.actor>[0];
  const ref = (sessionId: string, parent: string | undefined) =>
    ({ sessionId, ...(parent ? { _parent: { sessionId: parent } } : {}) }) as unknown as RefArg;
  return {
    actor: (rec) => {
      insp.actor(ref(rec.id, SUPERVISOR_ID), { status: 'active' });
      return { ...take<StatelyActorEvent>(), name: 'execution', ...ext(rec) };
    },
    event: (ev) => {
      insp.event(ev.target, { type: ev.type }, ev.source ? { source: ev.source } : {});
      return { ...take<StatelyEventEvent>(), rootId: SUPERVISOR_ID };
    },
    snapshot: (rec) => {
      insp.snapshot(rec.id, safeSnapshot(rec), { event: { type: rec.cause } });
      return { ...take<StatelySnapshotEvent>(), rootId: SUPERVISOR_ID, ...ext(rec) };
    },
    supervisor: (_atMs, live) => {
      insp.actor(ref(SUPERVISOR_ID, undefined), {
        status: 'active',
        value: 'running',
        context: { live }
      });
      return { ...take<StatelyActorEvent>(), name: 'supervisor', rootId: SUPERVISOR_ID };
    }
  };
}
