/**
 * The execution machine's graph for the page, from XState's own `toDirectedGraph`, flattened
 * to plain JSON. `toDirectedGraph` leaves out eventless (`always`) transitions, so they are
 * added from the state nodes; duplicate edges (same source, target and event) are merged.
 */
import type { AnyStateMachine } from 'xstate';
import { toDirectedGraph, type DirectedGraphNode } from 'xstate/graph';

/** A state node. `parent` is null for the root. */
export interface GraphNode {
  readonly id: string;
  readonly key: string;
  readonly parent: string | null;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Id of the initial child (compound states). */
  readonly initial: string | null;
}

/** A transition between two state nodes. */
export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  /** Event type (`''` for eventless transitions). */
  readonly event: string;
  /** Short label for the page: `done`, `error`, `after legTimeout`, `always`, … */
  readonly label: string;
  readonly guards: readonly string[];
}

/** The graph the page draws. */
export interface MachineGraph {
  readonly machineId: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

interface NodeLike {
  readonly id: string;
  readonly key: string;
  readonly type: GraphNode['type'];
  readonly initial?: { readonly target?: readonly { readonly id: string }[] };
  readonly always?: readonly TransitionLike[];
}
interface TransitionLike {
  readonly target?: readonly { readonly id: string }[];
  readonly guard?: unknown;
  readonly eventType?: string;
}

/** A short label for an event type, e.g. `xstate.after.legTimeout.execution.x` → `after legTimeout`. */
export function edgeLabel(event: string): string {
  if (event === '') return 'always';
  if (event.startsWith('xstate.done.actor.')) return 'done';
  if (event.startsWith('xstate.error.actor.')) return 'error';
  if (event.startsWith('xstate.done.state.')) return 'onDone';
  const after = /^xstate\.after\.([^.]+)\./.exec(event);
  if (after) return `after ${after[1] ?? ''}`;
  return event;
}

const guardName = (g: unknown): string | null => {
  if (typeof g === 'string') return g;
  const t = (g as { type?: unknown } | undefined)?.type;
  return typeof t === 'string' ? t : null;
};

/** Builds the {@link MachineGraph} of a machine. */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const byKey = new Map<string, GraphEdge>();
  const add = (source: string, target: string, event: string, guard: string | null) => {
    const k = `${source}>${target}>${event}`;
    const found = byKey.get(k);
    if (found) {
      if (guard && !found.guards.includes(guard)) (found.guards as string[]).push(guard);
      return;
    }
    const e: GraphEdge = {
      source,
      target,
      event,
      label: edgeLabel(event),
      guards: guard ? [guard] : []
    };
    byKey.set(k, e);
    edges.push(e);
  };
  const walk = (n: DirectedGraphNode, parent: string | null) => {
    const sn = n.stateNode as unknown as NodeLike;
    nodes.push({
      id: n.id,
      key: sn.key,
      parent,
      type: sn.type,
      initial: sn.initial?.target?.[0]?.id ?? null
    });
    for (const e of n.edges) {
      const t = e.transition as unknown as TransitionLike;
      add(e.source.id, e.target.id, t.eventType ?? e.label.text, guardName(t.guard));
    }
    for (const t of sn.always ?? []) {
      for (const target of t.target ?? []) add(n.id, target.id, '', guardName(t.guard));
    }
    for (const c of n.children) walk(c, n.id);
  };
  walk(toDirectedGraph(machine), null);
  return { machineId: machine.id, nodes, edges };
}

/** Index of the first edge per `source>target`, for encoding an actor's path compactly. */
export function edgeIndex(graph: MachineGraph): ReadonlyMap<string, number> {
  const m = new Map<string, number>();
  graph.edges.forEach((e, i) => {
    const k = `${e.source}>${e.target}`;
    if (!m.has(k)) m.set(k, i);
  });
  return m;
}
