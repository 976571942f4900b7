/* global document */
// The execution statechart: drawn once from graph.json, then re-highlighted for the selected
// execution (active states, states visited, transitions taken).
import { layoutGraph, routeEdges } from './layout.js';

const NS = 'http://www.w3.org/2000/svg';
const el = (tag, attrs = {}, parent) => {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
};

/** Active state ids for a snapshot value (`"release"`, `{ validate: "risk" }`, …). */
export function activeIds(value, layout) {
  const out = new Set();
  const rootPath = layout.root.key;
  const walk = (v, prefix) => {
    if (typeof v === 'string') {
      add(`${prefix}.${v}`);
      return;
    }
    if (v && typeof v === 'object') {
      for (const [k, sub] of Object.entries(v)) {
        add(`${prefix}.${k}`);
        walk(sub, `${prefix}.${k}`);
      }
    }
  };
  const add = (path) => {
    const id = layout.byPath.get(path);
    if (id) out.add(id);
  };
  out.add(layout.root.id);
  walk(value, rootPath);
  return out;
}

/** Builds the chart inside `container`; returns `{ highlight(exec | null) }`. */
export function createChart(container, graph) {
  const layout = layoutGraph(graph);
  const routes = routeEdges(graph, layout.nodes);
  const M = 14;
  // detoured edges may run right of the root box
  const width = Math.max(layout.width, ...routes.map((r) => r?.maxX ?? 0));
  const W = width + 2 * M;
  const H = layout.height + 2 * M;
  // Fitted to the panel's width (CSS), never blown up past 1.6× its natural size.
  const svg = el('svg', {
    viewBox: `${-M} ${-M} ${W} ${H}`,
    preserveAspectRatio: 'xMidYMin meet',
    role: 'img',
    'aria-label': `statechart of ${graph.machineId}`
  });
  svg.style.maxWidth = `${Math.round(W * 1.6)}px`; // CSSOM: the CSP forbids style attributes
  const defs = el('defs', {}, svg);
  for (const [id, color] of [
    ['arrow', '#3a4656'],
    ['arrow-on', '#4f9dff']
  ]) {
    const m = el(
      'marker',
      {
        id,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse'
      },
      defs
    );
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }, m);
  }
  const gNodes = el('g', {}, svg);
  const gEdges = el('g', {}, svg);
  const gLeaves = el('g', {}, svg);
  const nodeEls = new Map();
  const sorted = [...layout.nodes.values()].sort((a, b) => a.depth - b.depth);
  for (const n of sorted) {
    const compound = n.children.length > 0;
    const cls = [
      'snode',
      n.region ? 'region' : compound ? n.type : 'atomic',
      n.type === 'final' ? 'final' : ''
    ];
    const g = el('g', { class: cls.join(' '), 'data-id': n.id }, compound ? gNodes : gLeaves);
    el('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: compound ? 9 : 13 }, g);
    const t = el(
      'text',
      compound
        ? { x: n.x + 10, y: n.y + 14 }
        : { x: n.x + n.w / 2, y: n.y + n.h / 2 + 4, 'text-anchor': 'middle' },
      g
    );
    t.textContent = n.parent === null ? graph.machineId : n.key;
    el('title', {}, g).textContent = n.id;
    nodeEls.set(n.id, g);
  }
  const edgeEls = graph.edges.map((e, i) => {
    const r = routes[i];
    if (!r) return null;
    const g = el('g', { class: 'sedge', 'data-source': e.source, 'data-target': e.target }, gEdges);
    const p = el('path', { d: r.d, 'marker-end': 'url(#arrow)' }, g);
    const label = e.label === 'always' ? '' : e.label;
    el('title', {}, g).textContent =
      `${e.source} → ${e.target}\n${e.event || 'always'}${e.guards.length ? `\nguard: ${e.guards.join(', ')}` : ''}`;
    const t = el('text', { x: r.mid.x, y: r.mid.y, 'text-anchor': 'middle' }, g);
    t.textContent = label;
    return { g, p };
  });
  container.replaceChildren(svg);

  let lastSel = null;
  const marked = new Set();
  const mark = (elem, cls) => {
    elem.classList.add(cls);
    marked.add(elem);
  };
  return {
    layout,
    /** Highlights an execution's state; `exec` is the page's record or null. */
    highlight(exec) {
      for (const e of marked)
        e.classList.remove('active', 'visited', 'taken', 'last', 'done-ok', 'done-err');
      marked.clear();
      svg.dataset.exec = exec ? exec.id : '';
      if (!exec) {
        svg.dataset.activeLeaves = '';
        return;
      }
      const active = activeIds(exec.value, layout);
      svg.dataset.activeLeaves = [...active]
        .filter((id) => layout.nodes.get(id).children.length === 0)
        .join(' ');
      const initial = layout.nodes.get(layout.root.initial);
      if (initial) mark(nodeEls.get(initial.id), 'visited');
      const path = exec.path ?? [];
      path.forEach((step, k) => {
        const idx =
          typeof step === 'number'
            ? step
            : graph.edges.findIndex((e) => `${e.source}>${e.target}` === step);
        const e = graph.edges[idx];
        const ee = edgeEls[idx];
        if (!e || !ee) return;
        mark(ee.g, 'taken');
        if (k === path.length - 1) mark(ee.g, 'last');
        ee.p.setAttribute('marker-end', 'url(#arrow-on)');
        marked.add({
          classList: {
            remove() {
              ee.p.setAttribute('marker-end', 'url(#arrow)');
            }
          }
        });
        for (const id of [e.source, e.target]) {
          const ne = nodeEls.get(id);
          if (ne) mark(ne, 'visited');
        }
      });
      const finalCls =
        exec.status === 'done'
          ? exec.output?.success
            ? 'done-ok'
            : 'done-err'
          : exec.status === 'active'
            ? null
            : 'done-err';
      for (const id of active) {
        const ne = nodeEls.get(id);
        if (!ne) continue;
        const leaf = layout.nodes.get(id).children.length === 0;
        mark(ne, 'active');
        if (leaf && finalCls) mark(ne, finalCls);
      }
      const leafKey = `${exec.id}|${svg.dataset.activeLeaves}`;
      if (lastSel !== leafKey) {
        lastSel = leafKey;
        const leaf = [...active]
          .map((id) => layout.nodes.get(id))
          .find((n) => n.children.length === 0);
        if (leaf && !container.classList.contains('fit')) {
          const scale = svg.getBoundingClientRect().width / W || 1;
          container.scrollTop = Math.max(
            0,
            (leaf.y + M + leaf.h / 2) * scale - container.clientHeight / 2
          );
        }
      }
    }
  };
}
