/**
 * A machine's statechart as Mermaid `stateDiagram-v2` text, walked from its own state nodes
 * (public StateNode API only: `states`, `type`, `order`, `initial`, `transitions`, `always`,
 * `after`, `invoke`), so a diagram generated from it cannot drift from the machine.
 *
 * Compound and parallel states are nested blocks (parallel regions separated by `--`); each
 * edge stands in the innermost non-parallel block that holds both of its ends; transitions
 * between the same two states are merged into one edge with their labels joined by ` / `.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** One edge of the diagram: the labels of the transitions from `source` to `target`. */
export interface StatechartEdge {
  readonly source: AnyStateNode;
  readonly target: AnyStateNode;
  readonly labels: readonly string[];
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
const text = (s: string) => s.replace(/[":;\n]/g, ' ');

/** Mermaid id of a state node: its path below the root joined by `_` (`executeLegs_yes_done`). */
export function mermaidId(node: AnyStateNode): string {
  return node.path.length > 0 ? node.path.map(safe).join('_') : safe(node.key);
}

/** Child state nodes in document order. */
export const childrenOf = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states).sort((a, b) => a.order - b.order);

/** All state nodes below `node`, depth first in document order. */
export const descendantsOf = (node: AnyStateNode): AnyStateNode[] =>
  childrenOf(node).flatMap((c) => [c, ...descendantsOf(c)]);

const guardName = (guard: AnyTransitionDefinition['guard']): string | null => {
  if (guard === undefined) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard !== 'function') return guard.type;
  return 'type' in guard && typeof guard.type === 'string' ? guard.type : guard.name || 'guard';
};

/** Readable names of a node's built-in events: delays by name, invoke outcomes by `src`. */
const eventNames = (node: AnyStateNode): Map<string, string> => {
  const names = new Map<string, string>([[`xstate.done.state.${node.id}`, 'done']]);
  for (const d of node.after) {
    const delay = typeof d.delay === 'function' ? 'delay' : String(d.delay);
    names.set(String(d.eventType), `after ${typeof d.delay === 'number' ? `${delay} ms` : delay}`);
  }
  for (const inv of node.invoke) {
    const src = typeof inv.src === 'string' && !inv.src.startsWith('xstate.') ? inv.src : inv.id;
    names.set(`xstate.done.actor.${inv.id}`, `done ${src}`);
    names.set(`xstate.error.actor.${inv.id}`, `error ${src}`);
    names.set(`xstate.snapshot.${inv.id}`, `snapshot ${src}`);
  }
  return names;
};

/** One transition of a machine: where it is declared, where it goes, what triggers it. */
export interface MachineTransition {
  readonly source: AnyStateNode;
  /** `null` for a transition without target (actions only). */
  readonly target: AnyStateNode | null;
  /** `always`, an event type, `done <actor>`, `error <actor>`, `after <delay>` or `done`. */
  readonly trigger: string;
  readonly guard: string | null;
}

/** Every transition of `machine`, in document order, from the public StateNode API. */
export function machineTransitions(machine: AnyStateMachine): MachineTransition[] {
  const out: MachineTransition[] = [];
  const add = (source: AnyStateNode, t: AnyTransitionDefinition, trigger: string) => {
    const guard = guardName(t.guard);
    const targets = t.target?.length ? t.target : [null];
    for (const target of targets) out.push({ source, target, trigger, guard });
  };
  for (const node of [machine.root, ...descendantsOf(machine.root)]) {
    const names = eventNames(node);
    for (const [event, ts] of node.transitions) {
      for (const t of ts) add(node, t, names.get(event) ?? event);
    }
    for (const t of node.always ?? []) add(node, t, 'always');
  }
  return out;
}

/**
 * The edges of the diagram: one per (source, target) pair with a target, labelled by its
 * triggers (`event [guard]`; an eventless transition by its guard, or `always`).
 */
export function statechartEdges(machine: AnyStateMachine): StatechartEdge[] {
  type Edge = { source: AnyStateNode; target: AnyStateNode; labels: string[] };
  const edges = new Map<string, Edge>();
  for (const { source, target, trigger, guard } of machineTransitions(machine)) {
    if (!target) continue;
    const label =
      trigger === 'always'
        ? (guard ?? 'always')
        : guard === null
          ? trigger
          : `${trigger} [${guard}]`;
    const key = `${source.id}\u0000${target.id}`;
    const edge: Edge = edges.get(key) ?? { source, target, labels: [] };
    edges.set(key, edge);
    if (!edge.labels.includes(label)) edge.labels.push(label);
  }
  return [...edges.values()];
}

const ancestorsOf = (node: AnyStateNode): AnyStateNode[] =>
  node.parent ? [node.parent, ...ancestorsOf(node.parent)] : [];

/** The block an edge is written in: the nearest common non-parallel ancestor of its ends. */
const blockOf = (edge: StatechartEdge, root: AnyStateNode): AnyStateNode => {
  const targetAncestors = new Set(ancestorsOf(edge.target));
  let block = ancestorsOf(edge.source).find((a) => targetAncestors.has(a)) ?? root;
  while (block.type === 'parallel' && block.parent) block = block.parent;
  return block;
};

/** The child of `block` that is `node` or holds it. */
const childOf = (block: AnyStateNode, node: AnyStateNode): AnyStateNode =>
  node.parent === block || !node.parent ? node : childOf(block, node.parent);

/**
 * Renders `machine` as a Mermaid `stateDiagram-v2` (no code fence, ends with a newline). An edge
 * follows the declaration of its source's subtree, or of its target's when the target is nested
 * deeper and declared later, so a nested state is never first named outside its block. Edges of
 * the machine's own (root) transitions start from a state named by the machine's id.
 */
export function renderStatechart(machine: AnyStateMachine): string {
  const { root } = machine;
  const ids = new Map<string, string>();
  for (const n of descendantsOf(root)) {
    const clash = ids.get(mermaidId(n));
    if (clash) throw new Error(`states ${clash} and ${n.id} share the Mermaid id ${mermaidId(n)}`);
    ids.set(mermaidId(n), n.id);
  }
  const edges = statechartEdges(machine);
  const byBlock = new Map<AnyStateNode, StatechartEdge[]>();
  for (const e of edges)
    byBlock.set(blockOf(e, root), [...(byBlock.get(blockOf(e, root)) ?? []), e]);
  const drawn = new Set(edges.flatMap((e) => [e.source, e.target]));
  const lines = ['stateDiagram-v2'];
  const block = (node: AnyStateNode, pad: string) => {
    const initial = node.type === 'compound' ? node.initial.target[0] : undefined;
    if (initial) lines.push(`${pad}[*] --> ${mermaidId(initial)}`);
    const children = childrenOf(node);
    const slot = (e: StatechartEdge) => {
      const target = childOf(node, e.target);
      const after = target === e.target ? -1 : children.indexOf(target);
      return Math.max(0, children.indexOf(childOf(node, e.source)), after);
    };
    children.forEach((c, i) => {
      if (i > 0 && node.type === 'parallel') lines.push(`${pad}--`);
      const name = c.type === 'history' ? (c.history === 'deep' ? 'H*' : 'H') : text(c.key);
      const head = name === mermaidId(c) ? `state ${name}` : `state "${name}" as ${mermaidId(c)}`;
      if (c.type === 'compound' || c.type === 'parallel') {
        lines.push(`${pad}${head} {`);
        block(c, `${pad}  `);
        lines.push(`${pad}}`);
      } else if (name !== mermaidId(c)) lines.push(`${pad}${head}`);
      else if (!drawn.has(c) && c.type !== 'final') lines.push(`${pad}${name}`);
      for (const e of byBlock.get(node) ?? []) {
        if (slot(e) !== i) continue;
        const label = e.labels.map(text).join(' / ');
        lines.push(`${pad}${mermaidId(e.source)} --> ${mermaidId(e.target)}: ${label}`);
      }
      if (c.type === 'final') lines.push(`${pad}${mermaidId(c)} --> [*]`);
    });
  };
  block(root, '  ');
  return `${lines.join('\n')}\n`;
}
