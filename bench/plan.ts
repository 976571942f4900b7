import type { DetectorPlan } from './detector.js';
import type { FeedsPlan } from './feeds.js';

/**
 * How much each benchmark runs, in full and in `--quick` mode. Bounded either way: on the
 * 2-core machine the full run takes about 4 minutes (hard deadline 10) and the quick one
 * under a minute (hard deadline 115 s).
 */

/** Repetitions and warm-up (ms of executions unless said otherwise). */
export interface Reps {
  readonly reps: number;
  readonly warmup: number;
}

/** Sizes of one bench run. */
export interface BenchPlan {
  readonly mode: 'full' | 'quick';
  /** Hard deadline of the whole run, ms (then children are killed and the process exits). */
  readonly deadlineMs: number;
  readonly atomics: { readonly n: number; readonly reps: number };
  readonly dup: { readonly n: number; readonly reps: number };
  /** Samples per repetition, capped at `maxRepMs` per repetition; warm-up in ms. */
  readonly overhead: Reps & { readonly samples: number; readonly maxRepMs: number };
  /** Alternating throughput windows, each after an unmeasured half window of the same loop. */
  readonly live: Reps & { readonly windowMs: number };
  /** Floor/e2e pairs per repetition, capped at `maxRepMs`; warm-up in pairs. */
  readonly roundTrip: Reps & { readonly pairs: number; readonly maxRepMs: number };
  /** Executions between the two heap measurements, capped at `maxMs` (reported). */
  readonly heap: { readonly executions: number; readonly warmupMs: number; readonly maxMs: number };
  /** Paced feed (full executions per second); the drain after it is capped at `drainMs`. */
  readonly loop: {
    readonly ratePerSec: number;
    readonly durationMs: number;
    readonly drainMs: number;
    /** Windows, each in its own fresh process; the reported p99 is their median. */
    readonly reps: number;
    /** Idle window before each feed: the machine's own event-loop noise, for reference. */
    readonly idleMs: number;
  };
  readonly inspector: Reps & { readonly windowMs: number };
  /** Signatures per path per repetition, capped at `maxRepMs`; warm-up in samples. */
  readonly signing: Reps & { readonly samples: number; readonly maxRepMs: number };
  /** Book update → request at a paced rate, and heap over a replay in engine time. */
  readonly detector: DetectorPlan;
  /** Feed decode+apply throughput per venue (frames per repetition, capped per venue). */
  readonly feeds: FeedsPlan;
}

/** The load: 5,000 book updates/s across 500 markets, 2% opening an arb. */
const DETECTOR = { markets: 500, ratePerSec: 5_000, dislocatePct: 2 };

/** The full run: 1,000,000 executions for the heap, 10 s event-loop windows. */
export const FULL: BenchPlan = {
  mode: 'full',
  deadlineMs: 10 * 60_000,
  atomics: { n: 5_000_000, reps: 7 },
  dup: { n: 1_000_000, reps: 7 },
  overhead: { samples: 5_000, maxRepMs: 5_000, reps: 7, warmup: 3_000 },
  live: { windowMs: 1_000, reps: 7, warmup: 3_000 },
  roundTrip: { pairs: 300, maxRepMs: 20_000, reps: 5, warmup: 50 },
  heap: { executions: 1_000_000, warmupMs: 3_000, maxMs: 240_000 },
  loop: { ratePerSec: 1_000, durationMs: 10_000, drainMs: 15_000, reps: 3, idleMs: 2_000 },
  inspector: { windowMs: 1_000, reps: 5, warmup: 2_000 },
  signing: { samples: 2_000, maxRepMs: 8_000, reps: 5, warmup: 300 },
  detector: { ...DETECTOR, warmupMs: 2_000, windowMs: 10_000, replaySec: 60, replayMaxMs: 60_000 },
  feeds: { markets: 500, batch: 100_000, reps: 7, maxMs: 20_000, heapMessages: 1_000_000 }
};

/** The quick run: fewer samples and heap executions, a 3 s event-loop window. */
export const QUICK: BenchPlan = {
  mode: 'quick',
  deadlineMs: 115_000,
  atomics: { n: 2_000_000, reps: 5 },
  dup: { n: 100_000, reps: 5 },
  overhead: { samples: 2_000, maxRepMs: 1_500, reps: 5, warmup: 1_000 },
  live: { windowMs: 400, reps: 5, warmup: 1_000 },
  roundTrip: { pairs: 60, maxRepMs: 4_000, reps: 3, warmup: 10 },
  heap: { executions: 50_000, warmupMs: 1_000, maxMs: 15_000 },
  loop: { ratePerSec: 1_000, durationMs: 3_000, drainMs: 5_000, reps: 3, idleMs: 1_000 },
  inspector: { windowMs: 400, reps: 3, warmup: 800 },
  signing: { samples: 300, maxRepMs: 1_500, reps: 3, warmup: 100 },
  detector: { ...DETECTOR, warmupMs: 500, windowMs: 2_000, replaySec: 20, replayMaxMs: 15_000 },
  feeds: { markets: 500, batch: 30_000, reps: 3, maxMs: 5_000, heapMessages: 0 }
};

/** A tiny plan for the smoke test (numbers are well-formed, not meaningful). */
export const SMOKE: BenchPlan = {
  mode: 'quick',
  deadlineMs: 60_000,
  atomics: { n: 10_000, reps: 1 },
  dup: { n: 1_000, reps: 1 },
  overhead: { samples: 50, maxRepMs: 2_000, reps: 1, warmup: 20 },
  live: { windowMs: 30, reps: 1, warmup: 20 },
  roundTrip: { pairs: 3, maxRepMs: 5_000, reps: 1, warmup: 1 },
  heap: { executions: 200, warmupMs: 20, maxMs: 5_000 },
  loop: { ratePerSec: 200, durationMs: 200, drainMs: 2_000, reps: 1, idleMs: 100 },
  inspector: { windowMs: 30, reps: 1, warmup: 20 },
  signing: { samples: 10, maxRepMs: 2_000, reps: 1, warmup: 2 },
  detector: { ...DETECTOR, warmupMs: 50, windowMs: 200, replaySec: 1, replayMaxMs: 5_000 },
  feeds: { markets: 20, batch: 500, reps: 1, maxMs: 2_000, heapMessages: 1_000 }
};
