/**
 * The `--inspector` hook of `twinleg run`: the inspector server attached to the supervisor.
 */
import type { ExecutionSupervisor } from '../../actors/supervisor.js';
import { attachInspector } from '../../inspector/attach.js';
import { portInUse } from './portInUse.js';

/** Something to close at exit. */
export interface Closable {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the inspector on `host:port` for `supervisor`.
 * @throws CliError `port_in_use` (exit 2) naming the port when it is taken; the server's own
 *   error otherwise.
 */
export async function startInspector(
  supervisor: ExecutionSupervisor,
  opts: { host: string; port: number; breakerStatus?: () => unknown }
): Promise<Closable> {
  try {
    return await attachInspector(supervisor, opts);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    throw portInUse('--inspector', opts.host, opts.port, e);
  }
}
