/**
 * Describing values from outside (venue answers, host requests) in reason strings without
 * trusting them: nothing here calls a user-defined `toString`, getter or Proxy trap unguarded.
 * @packageDocumentation
 */

/** A short, never-throwing description of an untrusted value for a reason string. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  return v === null ? 'null' : typeof v;
}

/** The message of something thrown (at most 100 chars), guarded: it may be a hostile object. */
export function thrownText(e: unknown): string {
  try {
    const m: unknown = e instanceof Error ? e.message : show(e);
    return typeof m === 'string' ? m.slice(0, 100) : 'error';
  } catch {
    return 'unreadable error';
  }
}
