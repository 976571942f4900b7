/**
 * One call for a host app: `attachInspector(supervisor, opts)` starts the inspector server,
 * attaches the recorder to the supervisor's executions and returns the page URL and `close()`.
 */
import type { AnyStateMachine } from 'xstate';
import type { WebSocket } from 'ws';
import { executionMachine } from '../machines/execution.js';
import { Coalescer, type CoalesceOptions } from './coalesce.js';
import { startExtras, type ExtrasOptions } from './extras.js';
import { edgeIndex, machineGraph } from './graph.js';
import { Hub } from './hub.js';
import { createRecorder } from './recorder.js';
import { startServer, type ServerOptions } from './server.js';
import type { InspectionTap } from './tap.js';
import {
  TWINLEG_PROTOCOL,
  type HelloMessage,
  type InspectableSupervisor,
  type InspectFn
} from './types.js';

/** Options of {@link attachInspector}: server, coalescing and extras options together. */
export interface InspectorOptions extends ServerOptions, CoalesceOptions, ExtrasOptions {
  /** Machine whose graph the page draws (default: the execution machine). */
  readonly machine?: AnyStateMachine;
  /** For a supervisor without `attachInspector`: the tap it was built with as `inspect`. */
  readonly tap?: InspectionTap;
  /** Wall-clock ms for event times (default: the supervisor's clock, else `Date.now`). */
  readonly now?: () => number;
}

/** A running inspector. */
export interface InspectorHandle {
  /** Page URL with the access token. */
  readonly url: string;
  /** The address the server is bound to (`127.0.0.1` unless told otherwise). */
  readonly address: string;
  readonly port: number;
  readonly token: string;
  /** Flushes pending frames now (tests; the server flushes by itself). */
  flush(): void;
  /** Detaches from the supervisor and stops the server. */
  close(): Promise<void>;
}

/**
 * Starts the inspector for `supervisor` (see the module comment).
 * @throws Error when the supervisor has no `attachInspector` and no `tap` is given, or when
 *   `host` is not loopback without `allowNonLoopback`.
 */
export async function attachInspector(
  supervisor: InspectableSupervisor,
  opts: InspectorOptions = {}
): Promise<InspectorHandle> {
  const attach: ((fn: InspectFn) => () => void) | undefined = supervisor.attachInspector
    ? (fn) => supervisor.attachInspector!(fn)
    : opts.tap?.attach;
  if (!attach) {
    throw new Error('inspector: the supervisor has no attachInspector(); pass opts.tap');
  }
  const clock = supervisor.clock;
  const now = opts.now ?? (clock ? () => clock.wallMs() : Date.now);
  const graph = machineGraph(opts.machine ?? executionMachine);
  const hub = new Hub();
  const co = new Coalescer(opts, (f) => hub.broadcast(f), now);
  const hello = (): HelloMessage => ({
    type: 'twinleg.hello',
    protocol: TWINLEG_PROTOCOL,
    serverTimeMs: now(),
    flushIntervalMs: co.opts.flushIntervalMs,
    graph: 'graph.json'
  });
  const server = await startServer(opts, {
    graphJson: JSON.stringify(graph),
    onClient: (ws: WebSocket) => {
      ws.send(JSON.stringify(hello()));
      hub.add(ws, (send) => co.replay(send));
    }
  });
  const detach = attach(createRecorder(co, edgeIndex(graph), now));
  const transport = { clients: () => hub.size(), framesSkipped: () => hub.framesSkipped() };
  const stopExtras = startExtras(supervisor, co, transport, now, opts);
  const timer = setInterval(() => co.flush(), co.opts.flushIntervalMs);
  timer.unref();
  let closed = false;
  return {
    url: server.url,
    address: server.address,
    port: server.port,
    token: server.token,
    flush: () => void co.flush(),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      detach();
      stopExtras();
      co.flush();
      hub.closeAll();
      await server.close();
    }
  };
}
