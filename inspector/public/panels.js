// Rendering of the list panels: actor tree, timeline, details, breaker, results, fills.
import {
  age,
  cents,
  clock,
  clockShort,
  countdown,
  esc,
  fieldLabel,
  fieldValue,
  when,
  shortId,
  eventLabel,
  qty,
  sourceLabel,
  stateLabel,
  topState,
  usd
} from './format.js';

const MAX_LIVE_ROWS = 80;
const MAX_DONE_ROWS = 40;
const MAX_TABLE_ROWS = 40;

const dotClass = (e) => {
  if (!e.done) return topState(e.value);
  if (e.output?.success) return 'ok';
  const err = e.output?.error ?? e.context?.error;
  return err === 'already_in_flight' ||
    err === 'dry_run' ||
    err === 'profit_below_threshold' ||
    err === 'insufficient_liquidity'
    ? 'skip'
    : 'err';
};

const matches = (e, market) => market === null || e.marketId === market;

export function renderTree(el, store, market, now) {
  const s = store.state;
  const live = [];
  const done = [];
  for (const e of s.execs.values()) {
    if (!matches(e, market)) continue;
    (e.done ? done : live).push(e);
  }
  live.sort((a, b) => b.startedMs - a.startedMs);
  done.sort((a, b) => (b.endedMs ?? 0) - (a.endedMs ?? 0));
  const row = (e) => {
    const err =
      e.done && !e.output?.success ? (e.output?.error ?? e.context?.error ?? e.status) : null;
    const st = e.done
      ? err
        ? `${stateLabel(e.value)} · ${err}`
        : `${stateLabel(e.value)} · ok`
      : stateLabel(e.value);
    const a = e.done ? age((e.endedMs ?? now) - e.startedMs) : age(now - e.startedMs);
    return `<div class="tnode${e.id === s.selected ? ' sel' : ''}" role="option" data-id="${esc(e.id)}" data-state="${esc(stateLabel(e.value))}" title="${esc(`${e.id} · market ${e.marketId ?? '?'} · ${st}`)}">
<span class="dot ${esc(dotClass(e))}"></span><span class="id">${esc(e.id)}</span><span class="mk">m${esc(e.marketId ?? '?')}</span><span class="age">${a}</span>
<span class="st">${esc(st)}</span></div>`;
  };
  const parts = [
    `<div class="tnode root"><span class="dot executeLegs"></span><span class="id">supervisor</span><span class="mk"></span><span class="age"></span><span class="st">${live.length} live · ${s.stats?.finished ?? done.length} finished</span></div>`
  ];
  const shownLive = live.slice(0, MAX_LIVE_ROWS);
  const shownDone = done.slice(0, MAX_DONE_ROWS);
  const sel = s.selected ? s.execs.get(s.selected) : undefined;
  if (sel && !shownLive.includes(sel) && !shownDone.includes(sel)) {
    parts.push(`<div class="tsep">selected</div>`, row(sel), `<div class="tsep">live</div>`);
  }
  parts.push(...shownLive.map(row));
  if (live.length > MAX_LIVE_ROWS)
    parts.push(`<div class="more">+${live.length - MAX_LIVE_ROWS} more live</div>`);
  if (live.length === 0) parts.push(`<div class="more">no live executions</div>`);
  parts.push(`<div class="tsep">recently finished</div>`);
  parts.push(...shownDone.map(row));
  el.innerHTML = parts.join('');
  return live.length;
}

export function renderTimeline(el, store, market) {
  const s = store.state;
  const sel = s.selected ? s.execs.get(s.selected) : null;
  const list = sel
    ? sel.events
    : s.recentEvents.filter((ev) => market === null || ev.marketId === market);
  const rows = list.slice(-120).reverse();
  if (rows.length === 0) {
    el.innerHTML = `<div class="empty">no events yet</div>`;
    return;
  }
  const cols = '<colgroup><col class="w88"><col><col class="wp46"></colgroup>';
  el.innerHTML = `<table>${cols}<thead><tr><th>time</th><th>source → target</th><th>event</th></tr></thead><tbody>${rows
    .map(
      (ev) =>
        `<tr class="click" data-id="${esc(ev.target)}" title="${esc(`${ev.source ?? 'external'} → ${ev.target}: ${ev.type}`)}"><td>${clock(ev.at)}</td><td>${esc(sourceLabel(ev.source, ev.target))} <span class="arrow">→</span> ${esc(shortId(ev.target))}</td><td class="ev">${esc(eventLabel(ev.type))}</td></tr>`
    )
    .join('')}</tbody></table>`;
}

export function renderDetails(el, e) {
  if (!e) {
    el.innerHTML = `<div class="empty hint">Click an execution in the actor tree, the results or the fills to follow it.</div>`;
    return;
  }
  const c = e.context ?? {};
  const r = c.req ?? {};
  const leg = (l) =>
    l
      ? `${esc(l.venue ?? '?')} ${cents(l.price)} · ${esc(l.status ?? '…')} ${l.filledQty != null ? qty(l.filledQty) : ''}`
      : '–';
  const cards = [
    ['execution', `${esc(e.id)} · m${esc(e.marketId ?? '?')}`],
    [
      'request',
      `${esc(r.arbType ?? '?')} · Y ${cents(r.yesPrice)}×${qty(r.yesSize)} · N ${cents(r.noPrice)}×${qty(r.noSize)}`
    ],
    ['qty', qty(c.qty)],
    ['yes leg', leg(c.legs?.yes)],
    ['no leg', leg(c.legs?.no)]
  ];
  if (c.close)
    cards.push([
      'auto-close',
      `${esc(c.close.venue)} ${esc(c.close.side)} · closed ${qty(c.close.closed)}/${qty(c.close.excess)} · ${c.close.attempts} tries${c.close.stopped ? ' · stopped' : ''}`
    ]);
  if (e.output)
    cards.push([
      'result',
      e.output.success
        ? `<span class="badge ok">success</span> ${usd(e.output.realizedProfit)}`
        : `<span class="badge err">${esc(e.output.error ?? 'failed')}</span>`
    ]);
  else if (c.error) cards.push(['error', `<span class="badge err">${esc(c.error)}</span>`]);
  el.innerHTML = cards
    .map(([k, v]) => `<div class="card"><b>${k}</b><div class="v">${v}</div></div>`)
    .join('');
}

const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

const badge = (r) =>
  r.success
    ? `<span class="badge ok">ok</span>`
    : `<span class="badge ${r.error === 'already_in_flight' || r.error === 'dry_run' ? '' : r.error === 'partial_fill' ? 'warn' : 'err'}">${esc(r.error ?? 'failed')}</span>`;

export function renderResults(el, store, market) {
  const s = store.state;
  const rows = s.results
    .filter((r) => market === null || r.marketId === market)
    .slice(-MAX_TABLE_ROWS)
    .reverse();
  const cols =
    '<colgroup><col class="w64"><col class="w48"><col class="w36"><col><col class="w46"><col class="w62"><col class="w48"></colgroup>';
  el.innerHTML = `<table>${cols}<thead><tr><th>time</th><th>exec</th><th class="num">mkt</th><th>result</th><th class="num">qty</th><th class="num">P&amp;L</th><th class="num">ms</th></tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr class="click${r.executionId === s.selected ? ' sel' : ''}" data-id="${esc(r.executionId)}" title="${esc(`${r.executionId}: ${r.success ? 'ok' : (r.error ?? 'failed')}`)}"><td>${clockShort(r.atMs)}</td><td>${esc(shortId(r.executionId))}</td><td class="num">${r.marketId}</td><td>${badge(r)}</td><td class="num">${qty(r.matchedContracts)}</td><td class="num ${r.realizedProfit > 0 ? 'pos' : r.realizedProfit < 0 ? 'neg' : ''}">${usd(r.realizedProfit)}</td><td class="num">${ms(r.latencyNs / 1e6)}</td></tr>`
    )
    .join('')}</tbody></table>`;
}

export function renderFills(el, store, market) {
  const s = store.state;
  const rows = s.fills
    .filter((f) => market === null || f.marketId === market)
    .slice(-MAX_TABLE_ROWS)
    .reverse();
  const cols =
    '<colgroup><col class="w64"><col class="w48"><col class="w36"><col><col class="w42"><col class="w46"><col class="w54"></colgroup>';
  el.innerHTML = `<table>${cols}<thead><tr><th>time</th><th>exec</th><th class="num">mkt</th><th>order</th><th class="num">qty</th><th class="num">avg</th><th class="num">fee</th></tr></thead><tbody>${rows
    .map(
      (f) =>
        `<tr class="click${f.executionId === s.selected ? ' sel' : ''}" data-id="${esc(f.executionId)}" title="${esc(`${f.executionId} ${f.platform} ${f.orderId ?? ''}`)}"><td>${clockShort(f.wallTimeMs)}</td><td>${esc(shortId(f.executionId))}</td><td class="num">${f.marketId}</td><td><span class="venue">${f.platform === 'kalshi' ? 'K' : 'P'}</span> <span class="badge ${f.action === 'sell' ? 'warn' : ''}">${esc(f.action)} ${esc(f.side)}</span></td><td class="num">${qty(f.contracts)}</td><td class="num">${cents(f.avgPrice)}</td><td class="num">${usd(f.fee)}</td></tr>`
    )
    .join('')}</tbody></table>`;
}

const untilOf = (o) => o?.untilWallMs ?? o?.until ?? o?.expiresAtMs ?? o?.expiresAt ?? null;

export function renderBreaker(el, status, now) {
  if (status === null || status === undefined) {
    el.innerHTML = `<div class="empty">no circuit breaker wired<br><span class="dim">pass <code>breakerStatus</code> to the inspector</span></div>`;
    return;
  }
  if (typeof status !== 'object') {
    el.innerHTML = `<div class="bk"><code>${esc(JSON.stringify(status))}</code></div>`;
    return;
  }
  const halted = status.halted === true;
  const trading = status.trading && typeof status.trading === 'object' ? status.trading : null;
  const mode = trading?.mode ?? (halted ? 'HALTED' : 'TRADING');
  const badgeClass = mode === 'TRADING' ? 'ok' : mode === 'HALTED' ? 'halt' : 'warn';
  const headline = (Array.isArray(trading?.reasons) && trading.reasons[0]) || status.reason || '';
  const until =
    untilOf(status) ??
    (Array.isArray(status.halts) ? untilOf(status.halts.find((h) => untilOf(h) !== null)) : null);
  const kv = [];
  if ('dailyPnl' in status)
    kv.push([
      'daily P&L',
      `<span class="${status.dailyPnl < 0 ? 'neg' : 'pos'}">${usd(status.dailyPnl)}</span>`
    ]);
  const counters = status.counters && typeof status.counters === 'object' ? status.counters : {};
  for (const k of ['consecutiveErrors', 'trips']) if (k in status) counters[k] = status[k];
  for (const [k, v] of Object.entries(counters))
    kv.push([fieldLabel(k), esc(typeof v === 'object' ? JSON.stringify(v) : v)]);
  if (Array.isArray(status.positions)) kv.push(['positions', `${status.positions.length} markets`]);
  if (status.totals && typeof status.totals === 'object')
    kv.push([
      'exposure',
      `${qty(status.totals.contracts)} contracts · ${usd(status.totals.costBasis)}`
    ]);
  if (status.pnl && typeof status.pnl === 'object')
    kv.push([
      'P&L',
      `realized ${usd(status.pnl.realized)} · locked-in ${usd(status.pnl.lockedIn)} · unhedged ${usd(status.pnl.unhedgedCost)}`
    ]);
  if (trading?.contracts && trading?.dollarsAtRisk)
    kv.push([
      'capacity left',
      `${qty(trading.contracts.left)} contracts · ${usd(trading.dollarsAtRisk.left)}`
    ]);
  if (Array.isArray(trading?.marketHolds) && trading.marketHolds.length > 0)
    kv.push([
      'markets held',
      trading.marketHolds.map((h) => `m${esc(h.marketId)}: ${esc(h.detail)}`).join('<br>')
    ]);
  const shown = new Set([
    'pnl',
    'trading',
    'halted',
    'reason',
    'until',
    'untilWallMs',
    'halts',
    'dailyPnl',
    'counters',
    'consecutiveErrors',
    'trips',
    'positions',
    'totals',
    'blacklist',
    'config',
    'reservations'
  ]);
  for (const [k, v] of Object.entries(status)) {
    if (shown.has(k) || (typeof v === 'object' && v !== null)) continue;
    kv.push([fieldLabel(k), `<span title="${esc(`${k}: ${v}`)}">${esc(fieldValue(k, v))}</span>`]);
  }
  const bl = Array.isArray(status.blacklist) ? status.blacklist : [];
  el.innerHTML = `<div class="bk">
<div class="status"><span class="big ${badgeClass}" data-mode="${esc(mode)}">${esc(mode.replace('_', ' '))}</span>
<span>${esc(headline)}${halted && until ? ` · resumes in <b>${countdown(until - now)}</b>` : ''}</span></div>
<dl class="kv">${kv.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<div><b class="dim">blacklist</b> ${bl.length === 0 ? '<span class="dim">empty</span>' : ''}
${bl.length ? `<table><tbody>${bl.map((b) => `<tr title="${untilOf(b) !== null ? esc(`until ${when(untilOf(b))}`) : ''}"><td>m${esc(b.marketId ?? '?')}</td><td class="num">${untilOf(b) !== null ? countdown(untilOf(b) - now) : ''}</td></tr>`).join('')}</tbody></table>` : ''}</div>
</div>`;
}
