import type { AnyActorRef, InspectionEvent } from 'xstate';

/** An inspection observer (XState v5 inspection events). */
export type InspectFn = (ev: InspectionEvent) => void;

/** What the hub needs of a live execution to attach to it at runtime. */
export interface Inspectable {
  readonly actor: AnyActorRef;
  /** Spawned with {@link InspectorHub.dispatch} as its `inspect` option. */
  readonly inspectedAtSpawn: boolean;
  inspection: { unsubscribe(): void } | undefined;
}

/**
 * Fan-out of XState inspection to any number of observers, attachable at runtime. With no
 * observer attached, executions are spawned without inspection and cost nothing extra.
 */
export class InspectorHub {
  private readonly observers = new Set<InspectFn>();

  /** The one function given to actors; forwards to every attached observer. */
  readonly dispatch: InspectFn = (ev) => {
    for (const fn of this.observers) fn(ev);
  };

  /** Whether any observer is attached (then new executions are spawned inspected). */
  get active(): boolean {
    return this.observers.size > 0;
  }

  /**
   * Attaches `fn`. The first observer also attaches to the live executions through their actor
   * system; the last one to leave detaches from them. Returns the detach function.
   */
  attach(fn: InspectFn, live: () => Iterable<Inspectable>): () => void {
    const first = this.observers.size === 0;
    this.observers.add(fn);
    if (first) {
      for (const l of live()) {
        if (!l.inspectedAtSpawn) l.inspection ??= l.actor.system.inspect(this.dispatch);
      }
    }
    return () => {
      this.observers.delete(fn);
      if (this.observers.size > 0) return;
      for (const l of live()) {
        l.inspection?.unsubscribe();
        l.inspection = undefined;
      }
    };
  }
}
