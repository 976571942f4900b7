/**
 * The crash controller: kills the live engine process (at a scheduled time, or synchronously
 * inside the n-th venue interaction, so that the process dies with work on its stack) and
 * restarts a new one from the journal once the down time has passed.
 */
import type { EngineProcess } from './process.js';
import { restart } from './restart.js';
import type { World } from './world.js';

/** See the module comment. */
export class CrashController {
  /** The live process (null while down). */
  proc: EngineProcess | null;
  private restartAtMs: number | null = null;
  private interactions = 0;

  constructor(
    private readonly w: World,
    private readonly atInteraction: number | null
  ) {
    this.proc = w.spawn(1);
  }

  /** Counts a venue interaction; crashes at the scenario's chosen one. */
  interaction(): void {
    this.interactions += 1;
    if (this.interactions === this.atInteraction) this.crash('at a venue interaction');
  }

  /** Kills the live process now (no-op when down or already crashed once). */
  crash(why: string): void {
    const p = this.proc;
    if (!p || p.index !== 1) return;
    const w = this.w;
    w.trace.add(
      `CRASH (${why}): process ${p.index} dies with ${p.supervisor.liveCount()} live execution(s)`
    );
    w.plan.hit('crash');
    p.kill();
    w.monitor.supervisor = null;
    w.monitor.bits.clear();
    this.proc = null;
    this.restartAtMs = w.clock.nowMs() + w.scenario.downMs;
  }

  /** Restarts when the down time has passed (called after every step). */
  maybeRestart(): void {
    if (this.restartAtMs === null || this.w.clock.nowMs() < this.restartAtMs) return;
    this.restartAtMs = null;
    this.proc = restart(this.w, 2);
  }

  /** Whether a restart is still due. */
  get down(): boolean {
    return this.restartAtMs !== null;
  }
}
