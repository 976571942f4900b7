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

const within = (id, anc, nodes) => {
  for (let cur = nodes.get(id); cur; cur = cur.parent ? nodes.get(cur.parent) : undefined)
    if (cur.id === anc) return true;
  return false;
};

/** Whether the segment a→b passes through the inside of box `n` (Liang–Barsky clipping). */
const crosses = (a, b, n, inset = 2) => {
  const [x0, y0, x1, y1] = [n.x + inset, n.y + inset, n.x + n.w - inset, n.y + n.h - inset];
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  for (const [p, q] of [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y]
  ]) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
};

/**
 * Boxes a straight edge between `s` and `t` would be drawn across: other states that are
 * neither an end, nor inside one, nor around one.
 */
function obstacles(s, t, nodes) {
  const a = { x: s.x + s.w / 2, y: s.y + s.h / 2 };
  const b = { x: t.x + t.w / 2, y: t.y + t.h / 2 };
  const out = [];
  for (const n of nodes.values()) {
    if (n === s || n === t || n.parent === null) continue;
    if (within(n.id, s.id, nodes) || within(n.id, t.id, nodes)) continue;
    if (within(s.id, n.id, nodes) || within(t.id, n.id, nodes)) continue;
    if (crosses(a, b, n)) out.push(n);
  }
  return out;
}

/**
 * Port points and a path for every edge, spreading edges that share a box side. An edge that
 * a straight line would draw across other states (e.g. `decide → release` over `autoClose`)
 * leaves by the right side and runs past them, so a highlighted path never seems to cross a
 * state it did not enter. `maxX` is how far right the detours reach.
 */
export function routeEdges(graph, nodes) {
  const sides = new Map();
  const detours = new Map();
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
    const blocked = nested || s === t ? [] : obstacles(s, t, nodes);
    let ss, ts;
    if (blocked.length > 0) {
      ss = 'right';
      ts = 'right';
      detours.set(i, Math.max(s.x + s.w, t.x + t.w, ...blocked.map((n) => n.x + n.w)));
    } else if (vertical) {
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
  let lane = 0;
  const routes = ends.map((end, i) => {
    if (!end) return null;
    const p = point(end.a);
    const q = point(end.b);
    const past = detours.get(i);
    if (past !== undefined) {
      const x = past + 16 + 8 * lane++;
      const r = Math.min(10, Math.abs(q.y - p.y) / 2, x - Math.max(p.x, q.x));
      const sy = Math.sign(q.y - p.y) || 1;
      const d =
        `M${p.x},${p.y} L${x - r},${p.y} Q${x},${p.y} ${x},${p.y + sy * r} ` +
        `L${x},${q.y - sy * r} Q${x},${q.y} ${x - r},${q.y} L${q.x},${q.y}`;
      return { d, mid: { x: x + 4, y: (p.y + q.y) / 2 }, maxX: x + 6 };
    }
    const dist = Math.hypot(q.x - p.x, q.y - p.y);
    const k = end.self ? 36 : Math.min(90, Math.max(22, dist * 0.4));
    const d = `M${p.x},${p.y} C${p.x + p.nx * k},${p.y + p.ny * k} ${q.x + q.nx * k},${q.y + q.ny * k} ${q.x},${q.y}`;
    const mid = {
      x: (p.x + q.x) / 2 + (p.nx + q.nx) * k * 0.375,
      y: (p.y + q.y) / 2 + (p.ny + q.ny) * k * 0.375
    };
    return { d, mid, maxX: Math.max(p.x, q.x, mid.x) };
  });
  return routes;
}
