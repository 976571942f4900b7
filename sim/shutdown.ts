/**
 * The shutdown invariants: after the world drained, the engine is idle; `stop()` hands nothing
 * over; afterwards no timer is pending (world clock and process clock), no actor is live, no
 * bit is claimed, every execution produced its result, and nothing was rejected unhandled.
 */
import type { EngineProcess } from './process.js';
import type { World } from './world.js';

/** Stops the live process and checks the shutdown invariants. */
export async function checkShutdown(
  w: World,
  proc: EngineProcess | null,
  unhandled: readonly unknown[]
): Promise<void> {
  const mon = w.monitor;
  if (proc) {
    const sup = proc.supervisor;
    if (sup.liveCount() > 0) {
      const states = sup.liveExecutions().map((l) => `${l.executionId}@${JSON.stringify(l.state)}`);
      mon.violate('clean-shutdown', `engine not idle after the drain: ${states.join(', ')}`);
    }
    w.trace.add('stop()');
    const stopping = sup.stop({ timeoutMs: 1_000 });
    await w.clock.runUntilIdle();
    const rep = await stopping;
    w.durable.onStop(proc.breaker);
    mon.stopped = true;
    if (rep.interrupted.length > 0)
      mon.violate('clean-shutdown', `stop() interrupted ${rep.interrupted.length} execution(s)`);
    if (sup.liveCount() !== 0)
      mon.violate('clean-shutdown', `${sup.liveCount()} actor(s) live after stop()`);
    if (sup.bitmask.claimedCount() !== 0)
      mon.violate(
        'clean-shutdown',
        `bits still claimed after stop(): [${sup.bitmask.claimedIds().join(',')}]`
      );
    if (proc.clock.pending() !== 0)
      mon.violate('clean-shutdown', `${proc.clock.pending()} engine timer(s) left after stop()`);
  }
  await w.clock.runUntilIdle();
  if (w.clock.pendingTimers() !== 0)
    mon.violate('clean-shutdown', `${w.clock.pendingTimers()} timer(s) pending after shutdown`);
  for (const [id, m] of mon.active) {
    mon.violate(
      'one-result-per-execution',
      `execution ${id} on market ${m} never produced a result`
    );
  }
  for (const e of unhandled) {
    mon.violate(
      'no-engine-error',
      `unhandled rejection: ${e instanceof Error ? e.message : String(e)}`
    );
  }
}
