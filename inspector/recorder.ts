/**
 * The inspection observer on the engine's hot path. It does the least it can per XState
 * inspection event — keep a reference to the latest snapshot, append a path step or a tiny
 * event record — and leaves conversion, the whitelist and serialization to the flush.
 * Only execution (root) actors are recorded; their promise children are not.
 */
import type { InspectionEvent } from 'xstate';
import type { ActorRecord, EventRecord, RawSnapshot } from './records.js';

/** Where the recorder puts what it sees (the {@link Coalescer}). */
export interface RecordSink {
  /** Record of a root actor, created on first sight (undefined once it has finished). */
  record(id: string): ActorRecord | undefined;
  dirty(rec: ActorRecord): void;
  event(ev: EventRecord): void;
}

/** Longest path kept per execution (oldest steps dropped). */
export const MAX_PATH = 64;

interface TransitionLike {
  readonly source: { readonly id: string };
  readonly target?: readonly { readonly id: string }[];
}
interface RefLike {
  readonly id: string;
  readonly sessionId: string;
  readonly src?: unknown;
}

/**
 * Creates the observer.
 * @param edges `source>target` → graph edge index (see `edgeIndex`).
 * @param now wall-clock ms for event times.
 */
export function createRecorder(
  sink: RecordSink,
  edges: ReadonlyMap<string, number>,
  now: () => number
): (ev: InspectionEvent) => void {
  const step = (rec: ActorRecord, source: string, target: string) => {
    const k = `${source}>${target}`;
    rec.path.push(edges.get(k) ?? k);
    if (rec.path.length > MAX_PATH) rec.path.shift();
  };
  return (ev) => {
    const ref = ev.actorRef as unknown as RefLike;
    const isRoot = ev.rootId === ref.sessionId;
    switch (ev.type) {
      case '@xstate.snapshot': {
        if (!isRoot) return;
        const rec = sink.record(ref.id);
        if (!rec) return;
        const s = ev.snapshot as unknown as RawSnapshot;
        rec.snapshot = s;
        rec.cause = ev.event.type;
        if (s.status !== 'active') rec.done = true;
        sink.dirty(rec);
        return;
      }
      case '@xstate.microstep': {
        if (!isRoot) return;
        const rec = sink.record(ref.id);
        if (!rec) return;
        for (const t of ev._transitions as unknown as readonly TransitionLike[]) {
          for (const target of t.target ?? []) step(rec, t.source.id, target.id);
        }
        return;
      }
      case '@xstate.event': {
        if (!isRoot) return;
        const src = ev.sourceRef as unknown as RefLike | undefined;
        sink.event({
          target: ref.id,
          source:
            src === undefined
              ? undefined
              : src === ref
                ? ref.id
                : `${ref.id}/${typeof src.src === 'string' ? src.src : src.id}`,
          type: ev.event.type,
          atMs: now()
        });
        return;
      }
      case '@xstate.actor':
        if (isRoot) sink.record(ref.id);
        return;
      default:
        return;
    }
  };
}
