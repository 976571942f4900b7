/* global document, window, location, fetch, URL, WebSocket, setTimeout, performance */
// twinleg inspector page: connects to the inspector socket, keeps a bounded model and renders
// it at most a few times a second (so hundreds of executions per second stay smooth).
import { createBitmask } from './bitmask.js';
import { createChart } from './chart.js';
import { stateLabel } from './format.js';
import {
  renderBreaker,
  renderDetails,
  renderFills,
  renderResults,
  renderTimeline,
  renderTree
} from './panels.js';
import { createStore } from './store.js';

const $ = (id) => document.getElementById(id);
const store = createStore();
const s = store.state;
let chart = null;
let paused = false;
let market = null;
const bitmask = createBitmask($('bits'), $('bitmask-legend'));

async function loadGraph() {
  try {
    const res = await fetch('graph.json', { cache: 'no-store' });
    chart = createChart($('chart'), await res.json());
    s.changed.add('selected');
  } catch (e) {
    $('chart').innerHTML =
      `<div class="empty">could not load the machine graph: ${String(e)}</div>`;
  }
}

// Frames are queued and applied in slices of at most SLICE_MS, so a burst never blocks input
// or rendering; a backlog beyond MAX_BACKLOG drops its oldest half (counted on the page).
const SLICE_MS = 10;
const MAX_BACKLOG = 50_000;
let inbox = [];
let head = 0;
let draining = false;
let pageDropped = 0;
function receive(data) {
  inbox.push(data);
  if (inbox.length - head > MAX_BACKLOG) {
    const cut = Math.floor((inbox.length - head) / 2);
    pageDropped += cut;
    head += cut;
  }
  if (!draining) {
    draining = true;
    setTimeout(drain, 0);
  }
}
function drain() {
  const t = performance.now();
  while (head < inbox.length && performance.now() - t < SLICE_MS) {
    const data = inbox[head++];
    try {
      store.apply(JSON.parse(data));
    } catch {
      /* ignore a malformed frame */
    }
  }
  perf.ingest = (perf.ingest ?? 0) + (performance.now() - t);
  perf.backlog = inbox.length - head;
  if (head >= inbox.length) {
    inbox = [];
    head = 0;
    draining = false;
  } else {
    if (head > 10_000) {
      inbox = inbox.slice(head);
      head = 0;
    }
    setTimeout(drain, 0);
  }
}

function connect() {
  const url = new URL('ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  ws.onopen = () => {
    $('conn').textContent = 'live';
    $('conn').className = 'conn on';
  };
  ws.onmessage = (ev) => receive(ev.data);
  ws.onclose = () => {
    $('conn').textContent = 'disconnected · retrying';
    $('conn').className = 'conn off';
    setTimeout(connect, 1500);
  };
}

function select(id) {
  if (!id || !s.execs.has(id)) return;
  store.select(s.selected === id ? null : id);
  render(true);
}

for (const panel of ['tree', 'timeline', 'results', 'fills']) {
  $(panel).addEventListener('mousedown', (ev) => {
    const row = ev.target.closest('[data-id]');
    if (row) select(row.dataset.id);
  });
}
$('market').addEventListener('input', (ev) => {
  const v = ev.target.value.trim();
  market = v === '' || !/^\d+$/.test(v) ? null : Number(v);
  s.changed.add('all');
  render(true);
});
$('pause').addEventListener('click', (ev) => {
  paused = !paused;
  ev.target.classList.toggle('on', paused);
  ev.target.textContent = paused ? 'Resume' : 'Pause';
  if (!paused) render(true);
});
$('fit').addEventListener('click', (ev) => {
  const on = $('chart').classList.toggle('fit');
  ev.target.classList.toggle('on', on);
});
window.addEventListener('resize', () => bitmask.redraw(market));

const fmtRate = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** Render timings per panel (ms, exponential average), for `window.twinlegInspector.perf`. */
const perf = {};
const timed = (name, fn) => {
  const t = performance.now();
  fn();
  perf[name] = (perf[name] ?? 0) * 0.8 + (performance.now() - t) * 0.2;
};
window.twinlegInspector = { perf, store };

function render(force = false) {
  if ((paused || document.hidden) && !force) return;
  const c = s.changed;
  const all = c.has('all');
  const now = store.serverNow();
  const sel = s.selected ? (s.execs.get(s.selected) ?? null) : null;
  let live = 0;
  timed('tree', () => (live = renderTree($('tree'), store, market, now)));
  $('actors-count').textContent = `${live} live`;
  if (all || c.has('timeline') || c.has('selected')) {
    timed('timeline', () => renderTimeline($('timeline'), store, market));
    $('timeline-title').textContent = $('timeline-title').title = sel
      ? `${sel.id} · market ${sel.marketId ?? '?'}`
      : market !== null
        ? `market ${market}`
        : 'all executions';
  }
  if (all || c.has('selected')) {
    timed('chart', () => chart?.highlight(sel));
    renderDetails($('details'), sel);
    $('chart-title').textContent = $('chart-title').title = sel
      ? `${sel.id} — ${stateLabel(sel.value)}${sel.done ? ` (${sel.status})` : ''}`
      : 'select an execution';
  }
  if (all || c.has('bitmask')) timed('bitmask', () => bitmask.draw(s.bitmask, market));
  timed('breaker', () => renderBreaker($('breaker'), s.breaker, now));
  if (all || c.has('results')) timed('results', () => renderResults($('results'), store, market));
  if (all || c.has('fills')) timed('fills', () => renderFills($('fills'), store, market));
  if (s.stats) {
    $('k-live').textContent = String(s.stats.live);
    $('k-rate').textContent = fmtRate(s.rates.exec);
    $('k-done').textContent = String(s.stats.finished);
    $('k-frames').textContent = fmtRate(s.rates.frames);
    $('k-dropped').textContent =
      `${s.stats.sampledOut} / ${s.stats.eventsDropped + s.stats.framesSkipped + pageDropped}`;
  }
  c.clear();
}

// Adaptive pace: at most 4 renders a second, and never more than ~20 % of the main thread.
function loop() {
  const t = performance.now();
  render();
  setTimeout(loop, Math.max(250, 4 * (performance.now() - t)));
}
loop();
loadGraph();
connect();
