/**
 * The `--inspector` hook of `twinleg run`: the inspector server attached to the supervisor.
 */
import type { ExecutionSupervisor } from '../../actors/supervisor.js';
import { TwinlegError } from '../../core/index.js';
import { attachInspector } from '../../inspector/attach.js';

/** Something to close at exit. */
export interface Closable {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the inspector on `host:port` for `supervisor`.
 * @throws TwinlegError `port_in_use` naming the address when the port is taken; the server's
 *   own error otherwise.
 */
export async function startInspector(
  supervisor: ExecutionSupervisor,
  opts: { host: string; port: number; breakerStatus?: () => unknown }
): Promise<Closable> {
  try {
    return await attachInspector(supervisor, opts);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    throw new TwinlegError(
      'port_in_use',
      `inspector: port ${opts.port} on ${opts.host} is already in use (--inspector <port> picks another)`,
      { cause: e }
    );
  }
}
