/**
 * Per-actor snapshot coalescing with a bounded flush. Between flushes the recorder only
 * overwrites each execution's latest snapshot and appends small event records; a flush (every
 * `flushIntervalMs`) turns them into frames: new `@xstate.actor` announcements first, then
 * `@xstate.event`s, then at most one `@xstate.snapshot` per execution. Each kind has a per-flush
 * bound, so a burst costs at most `maxNewActors + maxEvents + maxSnapshots` frames per flush
 * however many executions it holds (executions over the announcement bound are sampled out:
 * never shown, counted). Frames also go to a bounded history ring; a new client gets the
 * current actors first, then the latest state messages, then that history (see {@link replay}).
 */
import { actorRecord, type ActorRecord, type EventRecord } from './records.js';
import type { RecordSink } from './recorder.js';
import {
  statelyBuilder,
  twinlegBuilder,
  type BuilderKind,
  type MessageBuilder
} from './protocol.js';
import { Ring } from './ring.js';
import type { TwinlegMessage } from './types.js';

/** Bounds and timing of a {@link Coalescer}. */
export interface CoalesceOptions {
  /** Flush period (default 100 ms: at most 10 snapshot frames per execution per second). */
  readonly flushIntervalMs?: number;
  /** New executions announced per flush; the rest are sampled out (default 100). */
  readonly maxNewActorsPerFlush?: number;
  /** `@xstate.event` frames per flush; older ones are dropped (default 400). */
  readonly maxEventsPerFlush?: number;
  /** `@xstate.snapshot` frames per flush; the rest wait, still coalescing (default 200). */
  readonly maxSnapshotsPerFlush?: number;
  /** Frames kept for late clients (default 2000). */
  readonly historySize?: number;
  /** Message builder (default `twinleg`; see protocol.ts). */
  readonly builder?: BuilderKind;
}

type Required_ = { readonly [K in Exclude<keyof CoalesceOptions, 'builder'>]-?: number };
const DEFAULTS: Required_ = {
  flushIntervalMs: 100,
  maxNewActorsPerFlush: 100,
  maxEventsPerFlush: 400,
  maxSnapshotsPerFlush: 200,
  historySize: 2000
};
const FINISHED_MEMORY = 8192;

/** Counters of a {@link Coalescer}. */
export interface CoalesceCounters {
  started: number;
  finished: number;
  sampledOut: number;
  eventsDropped: number;
  frames: number;
}

/** See the module comment. */
export class Coalescer implements RecordSink {
  readonly opts: Required_;
  readonly counters: CoalesceCounters = {
    started: 0,
    finished: 0,
    sampledOut: 0,
    eventsDropped: 0,
    frames: 0
  };
  /** Called at each flush for extra messages (results, fills) to send after the deltas. */
  readonly flushHooks: (() => readonly TwinlegMessage[])[] = [];
  private readonly actors = new Map<string, ActorRecord>();
  private readonly finished = new Set<string>();
  private readonly finishedOrder = new Ring<string>(FINISHED_MEMORY);
  private readonly fresh: ActorRecord[] = [];
  private dirtySet = new Set<ActorRecord>();
  private events: EventRecord[] = [];
  private readonly history: Ring<string>;
  private readonly latest = new Map<string, string>();
  private readonly build: MessageBuilder;

  constructor(
    opts: CoalesceOptions,
    private readonly send: (frame: string) => void,
    private readonly now: () => number
  ) {
    const o = { ...DEFAULTS };
    for (const k of Object.keys(DEFAULTS) as (keyof Required_)[]) {
      const v = opts[k];
      if (v !== undefined) {
        if (!Number.isFinite(v) || v < 1) throw new RangeError(`${k} must be ≥ 1, got ${v}`);
        o[k] = v;
      }
    }
    this.opts = o;
    this.history = new Ring<string>(o.historySize);
    this.build = opts.builder === 'stately' ? statelyBuilder() : twinlegBuilder();
  }

  /** Executions shown and still running. */
  liveCount(): number {
    let n = 0;
    for (const r of this.actors.values()) if (!r.hidden && !r.done) n++;
    return n;
  }

  record(id: string): ActorRecord | undefined {
    const r = this.actors.get(id);
    if (r) return r;
    if (this.finished.has(id)) return undefined;
    const rec = actorRecord(id, this.now());
    this.actors.set(id, rec);
    this.counters.started++;
    if (this.fresh.length < this.opts.maxNewActorsPerFlush) this.fresh.push(rec);
    else {
      rec.hidden = true; // sampled out: its events and snapshots are dropped on arrival
      this.counters.sampledOut++;
    }
    return rec;
  }

  dirty(rec: ActorRecord): void {
    if (rec.hidden) {
      if (rec.done) this.forget(rec);
      return;
    }
    if (!rec.dirty) {
      rec.dirty = true;
      this.dirtySet.add(rec);
    }
  }

  event(ev: EventRecord): void {
    const rec = this.record(ev.target);
    if (!rec || rec.hidden) return;
    this.events.push(ev);
    if (this.events.length > 4 * this.opts.maxEventsPerFlush) {
      const cut = this.events.length - this.opts.maxEventsPerFlush;
      this.events.splice(0, cut);
      this.counters.eventsDropped += cut;
    }
  }

  /** Sends a state message now and keeps it as the latest of its type for late clients. */
  state(msg: TwinlegMessage): void {
    const f = JSON.stringify(msg);
    this.latest.set(msg.type, f);
    this.emit(f, false);
  }

  /** Turns what accumulated into frames (see the module comment); returns the frame count. */
  flush(): number {
    const before = this.counters.frames;
    const at = this.now();
    for (const rec of this.fresh.splice(0)) {
      rec.announced = true;
      rec.marketId ??= marketIdOf(rec.snapshot?.context);
      rec.actorFrame = JSON.stringify(this.build.actor(rec));
      this.emit(rec.actorFrame, true);
    }
    const evs = this.events;
    this.events = [];
    const skip = Math.max(0, evs.length - this.opts.maxEventsPerFlush);
    this.counters.eventsDropped += skip;
    for (let i = skip; i < evs.length; i++) {
      this.emit(JSON.stringify(this.build.event(evs[i]!)), true);
    }
    let n = 0;
    for (const rec of this.dirtySet) {
      if (n >= this.opts.maxSnapshotsPerFlush) break;
      this.dirtySet.delete(rec);
      rec.dirty = false;
      rec.marketId ??= marketIdOf(rec.snapshot?.context);
      rec.snapshotFrame = JSON.stringify(this.build.snapshot(rec, at));
      this.emit(rec.snapshotFrame, true);
      n++;
      if (rec.done) this.forget(rec);
    }
    for (const hook of this.flushHooks) {
      for (const m of hook()) this.emit(JSON.stringify(m), true);
    }
    return this.counters.frames - before;
  }

  /** Sends a late client what it needs: current actors, latest state messages, history. */
  replay(send: (frame: string) => void): void {
    send(JSON.stringify(this.build.supervisor(this.now(), this.liveCount())));
    let actors = 0;
    for (const rec of this.actors.values()) {
      if (!rec.announced || rec.hidden || rec.done || !rec.actorFrame) continue;
      send(rec.actorFrame);
      if (rec.snapshotFrame) send(rec.snapshotFrame);
      actors++;
    }
    for (const f of this.latest.values()) send(f);
    const history = this.history.toArray();
    for (const f of history) send(f);
    const done: TwinlegMessage = { type: 'twinleg.replayed', actors, history: history.length };
    send(JSON.stringify(done));
  }

  private forget(rec: ActorRecord): void {
    if (this.actors.get(rec.id) !== rec) return;
    this.actors.delete(rec.id);
    this.finished.add(rec.id);
    const old = this.finishedOrder.push(rec.id);
    if (old !== undefined) this.finished.delete(old);
    if (!rec.hidden) this.counters.finished++;
  }

  private emit(frame: string, keep: boolean): void {
    this.counters.frames++;
    if (keep) this.history.push(frame);
    this.send(frame);
  }
}

function marketIdOf(ctx: unknown): number | null {
  const m = (ctx as { req?: { marketId?: unknown } } | null | undefined)?.req?.marketId;
  return typeof m === 'number' ? m : null;
}
