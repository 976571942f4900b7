// Layered layout of a statechart graph (from graph.json): compound states are boxes whose
// children are ranked by longest path (back edges, to earlier siblings, ignored) and laid out
// in layers; the flow direction alternates with depth (TB, LR, TB, …). Parallel regions are
// placed side by side along the flow. Returns absolute boxes for every node.

const LEAF_H = 26;
const HEADER = 20;
const PAD = 10;
const GAP_MAIN = 26;
const GAP_CROSS = 14;

const textWidth = (s, px = 11.5) => s.length * px * 0.58;
const flip = (dir) => (dir === 'TB' ? 'LR' : 'TB');

/** @returns {{ nodes: Map<string, any>, root: any, byPath: Map<string, string>, width: number, height: number }} */
export function layoutGraph(graph, rootDir = 'TB') {
  const nodes = new Map();
  for (const n of graph.nodes) nodes.set(n.id, { ...n, children: [], x: 0, y: 0, w: 0, h: 0 });
  let root = null;
  for (const n of nodes.values()) {
    if (n.parent === null) root = n;
    else nodes.get(n.parent)?.children.push(n);
  }
  const byPath = new Map();
  const paths = (n, prefix) => {
    const p = prefix ? `${prefix}.${n.key}` : n.key;
    byPath.set(p, n.id);
    n.depth = prefix ? prefix.split('.').length : 0;
    for (const c of n.children) paths(c, p);
  };
  paths(root, '');
  for (const n of nodes.values()) {
    if (n.parent && nodes.get(n.parent).type === 'parallel') n.region = true;
  }
  const childOf = (p, id) => {
    let cur = nodes.get(id);
    while (cur && cur.parent !== p.id) cur = cur.parent ? nodes.get(cur.parent) : undefined;
    return cur;
  };
  const ranks = (p) => {
    const kids = p.children;
    const adj = new Map(kids.map((k) => [k.id, []]));
    for (const e of graph.edges) {
      const a = childOf(p, e.source);
      const b = childOf(p, e.target);
      if (a && b && a !== b && !adj.get(a.id).includes(b.id)) adj.get(a.id).push(b.id);
    }
    // Cycles are broken by document order: an edge to an earlier (or the same) sibling is a
    // back edge. Hand-written machines list states in flow order, so this reads naturally.
    const index = new Map(kids.map((k, i) => [k.id, i]));
    const rank = new Map(kids.map((k) => [k.id, 0]));
    for (const k of kids) {
      for (const t of adj.get(k.id)) {
        if (index.get(t) > index.get(k.id)) rank.set(t, Math.max(rank.get(t), rank.get(k.id) + 1));
      }
    }
    const layers = [];
    for (const k of kids) (layers[rank.get(k.id)] ??= []).push(k);
    return layers.filter(Boolean);
  };
  const measure = (n, dir) => {
    n.dir = dir;
    if (n.children.length === 0) {
      n.w = Math.max(66, textWidth(n.key) + 24);
      n.h = LEAF_H;
      return;
    }
    const inner = n.type === 'parallel' ? dir : flip(dir);
    n.layers = n.type === 'parallel' ? n.children.map((c) => [c]) : ranks(n);
    for (const c of n.children) measure(c, n.type === 'parallel' ? flip(dir) : inner);
    const along = (c) => (dir === 'TB' ? c.h : c.w);
    const across = (c) => (dir === 'TB' ? c.w : c.h);
    n.layerMain = n.layers.map((l) => Math.max(...l.map(along)));
    n.layerCross = n.layers.map(
      (l) => l.reduce((s, c) => s + across(c), 0) + GAP_CROSS * (l.length - 1)
    );
    const main = n.layerMain.reduce((s, v) => s + v, 0) + GAP_MAIN * (n.layers.length - 1);
    const cross = Math.max(...n.layerCross, textWidth(n.key, 10.5) + 16 - 2 * PAD);
    const gap = n.type === 'parallel' ? GAP_CROSS : 0;
    n.w = (dir === 'TB' ? cross : main) + 2 * PAD + gap;
    n.h = (dir === 'TB' ? main : cross) + 2 * PAD + HEADER;
  };
  const place = (n, x, y) => {
    n.x = x;
    n.y = y;
    if (!n.layers) return;
    const dir = n.dir;
    const cx = x + PAD;
    const cy = y + PAD + HEADER;
    const crossSize = dir === 'TB' ? n.w - 2 * PAD : n.h - 2 * PAD - HEADER;
    let main = 0;
    n.layers.forEach((layer, i) => {
      let cross = (crossSize - n.layerCross[i]) / 2;
      for (const c of layer) {
        const offMain = (n.layerMain[i] - (dir === 'TB' ? c.h : c.w)) / 2;
        if (dir === 'TB') place(c, cx + cross, cy + main + offMain);
        else place(c, cx + main + offMain, cy + cross);
        cross += (dir === 'TB' ? c.w : c.h) + GAP_CROSS;
      }
      main += n.layerMain[i] + GAP_MAIN;
    });
  };
  measure(root, rootDir);
  place(root, 0, 0);
  return { nodes, root, byPath, width: root.w, height: root.h };
}

/** Port points and a cubic path for every edge, spreading edges that share a box side. */
export function routeEdges(graph, nodes) {
  const sides = new Map();
  const ends = graph.edges.map((e, i) => {
    const s = nodes.get(e.source);
    const t = nodes.get(e.target);
    if (!s || !t) return null;
    const sc = { x: s.x + s.w / 2, y: s.y + s.h / 2 };
    const tc = { x: t.x + t.w / 2, y: t.y + t.h / 2 };
    const inside = (a, b) =>
      a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
    const nested = inside(s, t) || inside(t, s);
    const dx = tc.x - sc.x;
    const dy = tc.y - sc.y;
    const vertical = nested ? false : Math.abs(dy) >= Math.abs(dx) * 0.6;
    let ss, ts;
    if (vertical) {
      ss = dy > 0 ? 'bottom' : 'top';
      ts = dy > 0 ? 'top' : 'bottom';
    } else {
      ss = dx >= 0 ? 'right' : 'left';
      ts = dx >= 0 ? 'left' : 'right';
      if (nested) ts = ss;
    }
    const add = (node, side, other) => {
      const k = `${node.id}|${side}`;
      if (!sides.has(k)) sides.set(k, []);
      const slot = { i, other, pos: 0 };
      sides.get(k).push(slot);
      return { node, side, slot };
    };
    return { a: add(s, ss, tc), b: add(t, ts, sc), self: s === t };
  });
  for (const [k, list] of sides) {
    const side = k.split('|')[1];
    const horiz = side === 'top' || side === 'bottom';
    list.sort((p, q) => (horiz ? p.other.x - q.other.x : p.other.y - q.other.y));
    list.forEach((slot, j) => (slot.pos = (j + 1) / (list.length + 1)));
  }
  const point = ({ node, side, slot }) => {
    const spread = 0.7;
    const f = 0.5 + (slot.pos - 0.5) * spread;
    if (side === 'top') return { x: node.x + node.w * f, y: node.y, nx: 0, ny: -1 };
    if (side === 'bottom') return { x: node.x + node.w * f, y: node.y + node.h, nx: 0, ny: 1 };
    if (side === 'left') return { x: node.x, y: node.y + node.h * f, nx: -1, ny: 0 };
    return { x: node.x + node.w, y: node.y + node.h * f, nx: 1, ny: 0 };
  };
  return ends.map((end) => {
    if (!end) return null;
    const p = point(end.a);
    const q = point(end.b);
    const dist = Math.hypot(q.x - p.x, q.y - p.y);
    const k = end.self ? 36 : Math.min(90, Math.max(22, dist * 0.4));
    const d = `M${p.x},${p.y} C${p.x + p.nx * k},${p.y + p.ny * k} ${q.x + q.nx * k},${q.y + q.ny * k} ${q.x},${q.y}`;
    const mid = {
      x: (p.x + q.x) / 2 + (p.nx + q.nx) * k * 0.375,
      y: (p.y + q.y) / 2 + (p.ny + q.ny) * k * 0.375
    };
    return { d, mid };
  });
}
