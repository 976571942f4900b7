// Formatting helpers (money in micro-dollars, quantities in micro-contracts).

export const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]
  );

/**
 * `|m| / unit` as a decimal string rounded half-up to `dp` places, in integer arithmetic (`m` is
 * an integer in micro units; `unit / 10^dp` is an integer), so no float ever holds the amount.
 */
const decimal = (m, unit, dp, trim = false) => {
  const step = unit / 10 ** dp;
  const a = Math.abs(m) + Math.floor(step / 2);
  const n = (a - (a % step)) / step;
  const base = 10 ** dp;
  const whole = String((n - (n % base)) / base);
  let frac = dp > 0 ? String(n % base).padStart(dp, '0') : '';
  if (trim) frac = frac.replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
};

/** Micro-contracts → contracts, exact (trailing zeros dropped). */
export const qty = (m) => {
  if (typeof m !== 'number') return '–';
  return `${m < 0 ? '−' : ''}${decimal(m, 1e6, 6, true)}`;
};

/** Micro-dollars → cents price (a sub-cent tick to one decimal). */
export const cents = (m) =>
  typeof m === 'number' ? `${decimal(m, 1e4, m % 1e4 === 0 ? 0 : 1)}¢` : '–';

/** Micro-dollars → signed dollars. */
export const usd = (m) => {
  if (typeof m !== 'number') return '–';
  if (m === 0) return '$0';
  const a = Math.abs(m);
  const s = decimal(m, 1e6, a >= 100e6 ? 0 : a >= 1e6 ? 2 : 3);
  return `${m < 0 ? '−' : ''}$${s}`;
};

export const clock = (ms) => {
  if (typeof ms !== 'number') return '';
  const d = new Date(ms);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
};

export const age = (ms) => {
  if (!(ms >= 0)) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s`;
};

export const countdown = (ms) => (ms > 0 ? age(ms) : 'now');

/** A state value as one short line: `reconcile(yes:resolving.wait, no:done)`. */
export const stateLabel = (v) => {
  if (v === null || v === undefined) return '…';
  if (typeof v === 'string') return v;
  return Object.entries(v)
    .map(([k, sub]) => {
      if (typeof sub === 'string') return `${k}.${sub}`;
      const inner = Object.entries(sub);
      if (inner.length > 1)
        return `${k}(${inner.map(([a, b]) => `${a}:${stateLabel(b)}`).join(', ')})`;
      return `${k}.${stateLabel(sub)}`;
    })
    .join(', ');
};

/** Top-level state name (for the colour dot). */
export const topState = (v) =>
  typeof v === 'string' ? v : v && typeof v === 'object' ? Object.keys(v)[0] : '';

/** Short label for an event type. */
export const eventLabel = (t) => {
  if (!t) return '';
  let m = /^xstate\.done\.actor\.\d+\.[^.]+\.(.+)$/.exec(t);
  if (m) return `done ‹${m[1]}›`;
  m = /^xstate\.error\.actor\.\d+\.[^.]+\.(.+)$/.exec(t);
  if (m) return `error ‹${m[1]}›`;
  m = /^xstate\.after\.([^.]+)\./.exec(t);
  if (m) return `after ${m[1]}`;
  m = /^xstate\.done\.state\.[^.]+\.(.+)$/.exec(t);
  if (m) return `done state ${m[1]}`;
  return t;
};

/** Short source label: `t-1/placeOrder` → `placeOrder`. */
export const sourceLabel = (s, target) => {
  if (!s) return 'external';
  if (s === target) return 'self';
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
};

/** Time of day without milliseconds. */
export const clockShort = (ms) => clock(ms).slice(0, 8);

/** Short execution id for tables: the sequence after the supervisor's prefix (`…-94` → `#94`). */
export const shortId = (id) => {
  const s = String(id ?? '');
  const i = s.lastIndexOf('-');
  return i >= 0 && i < s.length - 1 ? `#${s.slice(i + 1)}` : s;
};

/**
 * Wall-clock ms → local date and time with its UTC offset: `2026-11-29 16:07:52 −05:00`
 * (`+00:00` when the page runs in UTC).
 */
export const when = (ms) => {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '−' : '+';
  const zone = `${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${zone}`;
};

/** A duration in ms, human: `850ms`, `12.5s`, `4m 05s`, `2h 30m`, `3d 4h`. */
export const dur = (ms) => {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  const p = (n) => String(n).padStart(2, '0');
  if (a < 1000) return `${sign}${Math.round(a)}ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(a < 10_000 ? 2 : 1)}s`;
  if (a < 3_600_000)
    return `${sign}${Math.floor(a / 60_000)}m ${p(Math.floor((a % 60_000) / 1000))}s`;
  if (a < 86_400_000)
    return `${sign}${Math.floor(a / 3_600_000)}h ${p(Math.floor((a % 3_600_000) / 60_000))}m`;
  return `${sign}${Math.floor(a / 86_400_000)}d ${Math.floor((a % 86_400_000) / 3_600_000)}h`;
};

/** Breaker field names as words: `tradingDayStartWallMs` → `trading day start`. */
export const fieldLabel = (k) =>
  String(k)
    .replace(/(WallMs|Ms)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();

/** A status field's value by its name: `…WallMs` a time, `…Ms` a duration, else as is. */
export const fieldValue = (k, v) =>
  typeof v === 'number' && /WallMs$/.test(k)
    ? when(v)
    : typeof v === 'number' && /Ms$/.test(k)
      ? dur(v)
      : String(v);
