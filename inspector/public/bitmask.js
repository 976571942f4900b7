/* global window, ResizeObserver */
// The in-flight bitmask as a grid of cells on a canvas: claimed (running), delayed release, free.
const COLORS = { free: '#1f2833', claimed: '#4f9dff', delayed: '#e3a33b', filtered: '#c6d6ea' };
const MAX_CELLS = 8192;

export function createBitmask(canvas, legend) {
  let last = null;
  let geom = null;
  // the wrapper's size, observed (reading clientWidth on every draw would force a layout)
  const box = { w: canvas.parentElement.clientWidth, h: canvas.parentElement.clientHeight };
  new ResizeObserver(([e]) => {
    box.w = e.contentRect.width + 20;
    box.h = e.contentRect.height + 16;
    draw(last, lastMarket);
  }).observe(canvas.parentElement);
  let lastMarket = null;
  let sizeKey = '';
  const draw = (msg, market) => {
    last = msg;
    lastMarket = market;
    const W = box.w - 20;
    const H = box.h - 16;
    if (!msg || W <= 0 || H <= 0) return;
    const n = Math.min(msg.capacity, MAX_CELLS);
    let cell = Math.max(3, Math.floor(Math.sqrt((W * H) / n)));
    let cols = Math.max(1, Math.floor(W / cell));
    while (cell > 3 && Math.ceil(n / cols) * cell > H) {
      cell--;
      cols = Math.max(1, Math.floor(W / cell));
    }
    const rows = Math.ceil(n / cols);
    const dpr = window.devicePixelRatio || 1;
    const key = `${cols}x${rows}@${cell}*${dpr}`;
    if (key !== sizeKey) {
      sizeKey = key;
      canvas.width = cols * cell * dpr;
      canvas.height = rows * cell * dpr;
      canvas.style.width = `${cols * cell}px`;
      canvas.style.height = `${rows * cell}px`;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cols * cell, rows * cell);
    const state = new Uint8Array(n);
    for (const id of msg.claimed) if (id < n) state[id] = 1;
    for (const id of msg.delayed) if (id < n) state[id] = 2;
    const gap = cell >= 6 ? 1.5 : 0.5;
    // one pass per colour: far fewer canvas state changes than one per cell
    for (const [v, color] of [
      [0, COLORS.free],
      [1, COLORS.claimed],
      [2, COLORS.delayed]
    ]) {
      ctx.fillStyle = color;
      for (let i = 0; i < n; i++) {
        if (state[i] === v)
          ctx.fillRect((i % cols) * cell, Math.floor(i / cols) * cell, cell - gap, cell - gap);
      }
    }
    if (market !== null && market < n) {
      ctx.strokeStyle = COLORS.filtered;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(
        (market % cols) * cell + 0.75,
        Math.floor(market / cols) * cell + 0.75,
        cell - gap - 1.5,
        cell - gap - 1.5
      );
    }
    geom = { cell, cols, n, state };
    const more = msg.capacity > n ? ` · first ${n} of ${msg.capacity}` : '';
    legend.innerHTML = `<span><i class="sw claimed"></i>${msg.claimed.length} claimed</span><span><i class="sw delayed"></i>${msg.delayed.length} delayed</span><span><i class="sw free"></i>${msg.capacity - msg.claimed.length - msg.delayed.length} free${more}</span>`;
  };
  canvas.addEventListener('mousemove', (ev) => {
    if (!geom) return;
    const r = canvas.getBoundingClientRect();
    const i =
      Math.floor((ev.clientY - r.top) / geom.cell) * geom.cols +
      Math.floor((ev.clientX - r.left) / geom.cell);
    if (i < 0 || i >= geom.n) return;
    canvas.title = `market ${i}: ${['free', 'claimed (running)', 'delayed release'][geom.state[i]]}`;
  });
  return { draw, redraw: (market) => draw(last, market) };
}
