/**
 * The restart after a crash: a new engine process on the same world (venues and journal
 * intact). Its circuit breaker is restored from the durable record (see `durable.ts`), and
 * every unfinished execution is resumed under its original id, so client order ids stay the
 * same.
 */
import { checkBreakerLedger } from './breakerLedger.js';
import type { EngineProcess } from './process.js';
import type { World } from './world.js';

/** Starts process `index` and resumes what the journal says was unfinished. */
export function restart(w: World, index: number): EngineProcess {
  const p = w.spawn(index);
  const rec = w.durable.recover(p.breaker);
  w.venues.kalshi.recall(rec.dispatched ?? []);
  checkBreakerLedger(w, p.breaker, `restart of process ${index}`);
  for (const id of rec.abandoned) w.monitor.active.delete(id);
  // registered first: a resumed execution may finish synchronously inside resume()
  for (const r of rec.resume) w.monitor.resumed(r.executionId, r.req.marketId);
  const resumed = new Set(p.supervisor.resume(rec.resume));
  for (const r of rec.resume) {
    if (resumed.has(r.executionId) || !w.monitor.active.has(r.executionId)) continue;
    w.monitor.active.delete(r.executionId);
    w.monitor.bits.set(r.req.marketId, { state: 'free' });
  }
  w.trace.add(
    `RESTART: process ${index} resumes [${[...resumed].join(', ')}]` +
      (rec.abandoned.length > 0
        ? `; abandoned before any order: [${rec.abandoned.join(', ')}]`
        : '')
  );
  return p;
}
