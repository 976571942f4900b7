/**
 * The crash controller: kills the live engine process (at a scheduled time, synchronously
 * inside the n-th venue interaction, right after the n-th order intent or fill commit), or
 * stops it gracefully with a timeout that expires while an execution reconciles or closes, and
 * restarts a new one from the journal once the down time has passed. Each kind strikes at most
 * once per scenario; the scheduled and interaction crashes only hit the first process.
 */
import type { FillRecord, OrderRequest } from '../core/index.js';
import type { EngineProcess } from './process.js';
import { restart } from './restart.js';
import type { FaultKind } from './types.js';
import type { World } from './world.js';

/** The state name an execution's snapshot value starts with. */
const stateOf = (v: unknown): string =>
  typeof v === 'string' ? v : v && typeof v === 'object' ? (Object.keys(v)[0] ?? '') : '';

/** See the module comment. */
export class CrashController {
  /** The live process (null while down). */
  proc: EngineProcess | null;
  private restartAtMs: number | null = null;
  private interactions = 0;
  private intents = 0;
  private fillCommits = 0;
  private stopping = false;
  private index = 1;
  private readonly struck = new Set<FaultKind>();

  constructor(
    private readonly w: World,
    private readonly atInteraction: number | null
  ) {
    this.proc = w.spawn(1);
    w.onIntent = (o) => this.intent(o);
    w.onFillCommitted = (f) => this.fillCommitted(f);
  }

  /** Counts a venue interaction; crashes at the scenario's chosen one. */
  interaction(): void {
    this.interactions += 1;
    if (this.interactions === this.atInteraction) this.crash('at a venue interaction');
  }

  /** An order intent was journaled: crash before it is sent, at the scenario's chosen one. */
  private intent(o: OrderRequest): void {
    const at = this.w.scenario.plan13.crashAtIntent;
    this.intents += 1;
    if (!at || this.intents !== at.nth || !this.mayStrike('crashAtIntent')) return;
    const ledger = this.w.ledger;
    let how = o.venue === 'kalshi' ? 'waiting in the write token bucket' : 'before signing';
    if (o.venue === 'polymarket' && at.polySigned && ledger) {
      // signed (its venue id stored, as the adapter's onOrderSigned does) but never posted
      ledger.recordSigned(o.clientOrderId, signedId(o.clientOrderId), this.w.clock.wallMs());
      how = 'signed, before posting';
    }
    this.crash(`after the intent of ${o.clientOrderId}, ${how}`, 'crashAtIntent');
  }

  /** A fill was committed to the ledger: crash before any derived state learns it. */
  private fillCommitted(f: FillRecord): void {
    const at = this.w.scenario.plan13.crashAtFillCommit;
    this.fillCommits += 1;
    if (at === null || this.fillCommits !== at || !this.mayStrike('crashAtFillCommit')) return;
    // the ledger holds it: it is in the engine's record, though no derived state learns it
    this.w.recordFill(f);
    this.crash(`after the ledger commit of the fill of ${f.clientOrderId}`, 'crashAtFillCommit');
  }

  /** Kills the live process now (see the module comment for which kinds may strike). */
  crash(why: string, kind: FaultKind = 'crash'): void {
    const p = this.proc;
    if (!p || !this.mayStrike(kind)) return;
    this.struck.add(kind);
    const w = this.w;
    w.trace.add(
      `CRASH (${why}): process ${p.index} dies with ${p.supervisor.liveCount()} live execution(s)`
    );
    w.plan.hit(kind);
    this.goDown(p);
  }

  /** Whether a death of `kind` may strike the live process now (not during a stop). */
  private mayStrike(kind: FaultKind): boolean {
    const p = this.proc;
    if (!p || p.killed || this.struck.has(kind) || this.stopping) return false;
    return kind !== 'crash' || p.index === 1;
  }

  /** After every step: the graceful stop with a timeout, once an execution is in its state. */
  step(): void {
    const plan = this.w.scenario.plan13.stopTimeout;
    const p = this.proc;
    if (!plan || !p || this.stopping || this.struck.has('stopTimeout')) return;
    const hit = p.supervisor.liveExecutions().find((l) => stateOf(l.state) === plan.during);
    if (!hit) return;
    this.struck.add('stopTimeout');
    this.stopping = true;
    const w = this.w;
    w.plan.hit('stopTimeout');
    w.trace.add(
      `STOP (timeout ${plan.timeoutMs} ms) while ${hit.executionId} is in ${plan.during}: process ${p.index}`
    );
    void p.supervisor.stop({ timeoutMs: plan.timeoutMs }).then((rep) => {
      w.trace.add(`stopped: interrupted [${rep.interrupted.map((i) => i.executionId).join(', ')}]`);
      w.durable.onStop(p.breaker);
      this.stopping = false;
      this.goDown(p);
    });
  }

  private goDown(p: EngineProcess): void {
    const w = this.w;
    p.kill();
    w.dropLock();
    w.venues.kalshi.forget();
    w.venues.polymarket.forget();
    w.monitor.supervisor = null;
    w.monitor.bits.clear();
    this.proc = null;
    this.restartAtMs = w.clock.nowMs() + w.scenario.downMs;
  }

  /** Restarts when the down time has passed (called after every step). */
  maybeRestart(): void {
    if (this.restartAtMs === null || this.w.clock.nowMs() < this.restartAtMs) return;
    this.restartAtMs = null;
    this.index += 1;
    this.proc = restart(this.w, this.index);
  }

  /** Whether a restart is still due (or a stop is under way). */
  get down(): boolean {
    return this.restartAtMs !== null || this.stopping;
  }
}

/** A Polymarket-like signed order id (the EIP-712 hash stands in): deterministic per order. */
function signedId(clientOrderId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < clientOrderId.length; i++) {
    h = Math.imul(h ^ clientOrderId.charCodeAt(i), 0x01000193) >>> 0;
  }
  return `0x${h.toString(16).padStart(8, '0').repeat(8)}`;
}
