// The page's model: executions, events, results, fills and twinleg state messages, all bounded.

const MAX_FINISHED = 600;
const MAX_EVENTS_PER_EXEC = 200;
const MAX_RECENT_EVENTS = 400;
const MAX_ROWS = 120;

export function createStore() {
  const s = {
    execs: new Map(),
    finished: [],
    recentEvents: [],
    results: [],
    fills: [],
    bitmask: null,
    breaker: null,
    stats: null,
    prevStats: null,
    rates: { exec: 0, frames: 0 },
    serverOffset: 0,
    selected: null,
    supervisor: null,
    changed: new Set(),
    frames: 0
  };

  const exec = (id, at) => {
    let e = s.execs.get(id);
    if (!e) {
      e = {
        id,
        marketId: null,
        startedMs: at,
        value: null,
        status: 'active',
        context: null,
        output: null,
        path: [],
        events: [],
        done: false,
        endedMs: null
      };
      s.execs.set(id, e);
    }
    return e;
  };
  const finish = (e, at) => {
    if (e.done) return;
    e.done = true;
    e.endedMs = at;
    s.finished.push(e.id);
    while (s.finished.length > MAX_FINISHED) {
      const old = s.finished.shift();
      if (old !== s.selected) s.execs.delete(old);
    }
  };
  const ext = (e, m) => {
    const t = m.twinleg;
    if (!t) return;
    if (typeof t.marketId === 'number') e.marketId = t.marketId;
    if (typeof t.startedMs === 'number') e.startedMs = t.startedMs;
    if (Array.isArray(t.path)) e.path = t.path;
  };

  const handlers = {
    'twinleg.hello': (m) => {
      // a (re)connection: the server replays everything, so start from scratch
      s.serverOffset = m.serverTimeMs - Date.now();
      s.execs.clear();
      s.finished.length = 0;
      s.recentEvents.length = 0;
      s.results.length = 0;
      s.fills.length = 0;
      s.stats = null;
      s.changed.add('all');
    },
    'twinleg.replayed': () => s.changed.add('all'),
    '@xstate.actor': (m) => {
      if (m.sessionId === 'supervisor') {
        s.supervisor = m;
        return;
      }
      const e = exec(m.sessionId, Number(m.createdAt));
      ext(e, m);
      s.changed.add('tree');
    },
    '@xstate.event': (m) => {
      const at = Number(m.createdAt);
      const ev = { at, target: m.sessionId, source: m.sourceId, type: m.event?.type ?? '' };
      const e = s.execs.get(m.sessionId);
      if (e) {
        ev.marketId = e.marketId;
        e.events.push(ev);
        if (e.events.length > MAX_EVENTS_PER_EXEC) e.events.shift();
      }
      s.recentEvents.push(ev);
      if (s.recentEvents.length > MAX_RECENT_EVENTS * 1.5)
        s.recentEvents.splice(0, s.recentEvents.length - MAX_RECENT_EVENTS);
      s.changed.add('timeline');
    },
    '@xstate.snapshot': (m) => {
      const at = Number(m.createdAt);
      const e = exec(m.sessionId, at);
      ext(e, m);
      const snap = m.snapshot ?? {};
      e.value = snap.value;
      e.status = snap.status;
      e.context = snap.context ?? e.context;
      if (e.marketId === null && typeof e.context?.req?.marketId === 'number')
        e.marketId = e.context.req.marketId;
      if (snap.output) e.output = snap.output;
      if (snap.status && snap.status !== 'active') finish(e, at);
      s.changed.add('tree');
      if (e.id === s.selected) s.changed.add('selected');
    },
    'twinleg.bitmask': (m) => {
      s.bitmask = m;
      s.changed.add('bitmask');
    },
    'twinleg.breaker': (m) => {
      s.breaker = m.status;
      s.changed.add('breaker');
    },
    'twinleg.results': (m) => {
      s.results.push(...m.items);
      if (s.results.length > MAX_ROWS) s.results.splice(0, s.results.length - MAX_ROWS);
      s.changed.add('results');
    },
    'twinleg.fills': (m) => {
      s.fills.push(...m.items);
      if (s.fills.length > MAX_ROWS) s.fills.splice(0, s.fills.length - MAX_ROWS);
      s.changed.add('fills');
    },
    'twinleg.stats': (m) => {
      s.serverOffset = m.serverTimeMs - Date.now();
      const p = s.stats;
      if (p) {
        const dt = Math.max(0.25, (m.serverTimeMs - p.serverTimeMs) / 1000);
        s.rates.exec = Math.max(0, (m.started - p.started) / dt);
        s.rates.frames = Math.max(0, (m.framesSent - p.framesSent) / dt);
      }
      s.stats = m;
      s.changed.add('kpis');
    }
  };

  return {
    state: s,
    /** Applies one protocol message. */
    apply(m) {
      s.frames++;
      handlers[m.type]?.(m);
    },
    serverNow: () => Date.now() + s.serverOffset,
    select(id) {
      s.selected = id;
      s.changed.add('selected');
      s.changed.add('tree');
      s.changed.add('timeline');
    }
  };
}
