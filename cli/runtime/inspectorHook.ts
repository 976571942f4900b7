/**
 * The `--inspector` hook of `twinleg run`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExecutionSupervisor } from '../../actors/supervisor.js';

/** Something to close at exit. */
export interface Closable {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * TODO(inspector): `--inspector` hook. The inspector engineer exports
 * `attachInspector(supervisor, { port?, host?, breakerStatus? }) → Promise<{ url, close() }>`
 * from `inspector/attach.ts`. It is imported dynamically, and only when that file exists, so
 * this build works with or without the inspector. Returns undefined when unavailable.
 */
export async function startInspector(
  supervisor: ExecutionSupervisor,
  opts: { host: string; port: number; breakerStatus?: () => unknown }
): Promise<Closable | undefined> {
  const file = fileURLToPath(new URL('../../inspector/attach.ts', import.meta.url));
  if (!existsSync(file)) return undefined;
  const spec = '../../inspector/attach.js';
  const mod = (await import(spec)) as {
    attachInspector?: (s: unknown, o: object) => Promise<{ url: string; close(): Promise<void> }>;
  };
  if (typeof mod.attachInspector !== 'function') return undefined;
  return mod.attachInspector(supervisor, opts);
}
