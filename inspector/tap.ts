/**
 * An inspection tap: a fixed observer to give a supervisor as its `inspect` option, to which
 * inspectors attach and detach at runtime. For a supervisor without `attachInspector`; the
 * tap costs a no-op call per inspection event while nothing is attached.
 */
import type { InspectionEvent } from 'xstate';
import type { InspectFn } from './types.js';

/** See the module comment. */
export interface InspectionTap {
  /** Pass this as the supervisor's `inspect` option. */
  readonly inspect: InspectFn;
  /** Attaches an observer; returns the detach function. */
  readonly attach: (fn: InspectFn) => () => void;
}

/** Creates a tap. */
export function inspectionTap(): InspectionTap {
  const fns = new Set<InspectFn>();
  return {
    inspect: (ev: InspectionEvent) => {
      for (const fn of fns) fn(ev);
    },
    attach: (fn) => {
      fns.add(fn);
      return () => void fns.delete(fn);
    }
  };
}
