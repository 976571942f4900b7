/**
 * Scenario switches of the issue-13 checks (the crash-proof money path). Each new fault kind
 * and each new end invariant that still finds defects in the engine is behind a switch that is
 * off in the committed test batch (`test/sim.batch*.test.ts`), so that batch stays green while
 * the engine fixes land; `npm run sim -- --switch all` (or a list) turns them on. Once a fix is
 * integrated, add its switch to {@link DEFAULT_SWITCHES}.
 *
 * A switch that is off draws nothing: the scenario of a seed is the same as before the switch
 * existed (the new draws come from their own seeded stream).
 */

/** Every switch, in a fixed order. */
export const SWITCHES = [
  /** Fault: crash between an order's intent and its send (Kalshi write bucket, Polymarket signing). */
  'crashAtIntent',
  /** Fault: crash between a fill's ledger commit and the derived state (breaker, position book). */
  'crashAtFillCommit',
  /** Fault: a graceful stop whose timeout expires during a reconcile or a close, then a restart. */
  'stopTimeout',
  /** Fault: a second process opens the same ledger while the first runs. */
  'secondWriter',
  /** Fault: opposite-direction executions with leg mismatches on one market. */
  'oppositeMismatch',
  /** Invariants `exposure-closed` and `unresolved-order-existed` (the strict end state). */
  'strictExposure'
] as const;

/** One switch. */
export type SwitchName = (typeof SWITCHES)[number];

/** Which switches are on. */
export type Switches = Readonly<Record<SwitchName, boolean>>;

/**
 * On by default (the committed batch and `npm run sim` without `--switch`): the checks the
 * engine passes today. Turn the others on as their fixes land.
 */
export const DEFAULT_SWITCHES: readonly SwitchName[] = [
  'crashAtIntent',
  'crashAtFillCommit',
  'stopTimeout',
  'secondWriter',
  'oppositeMismatch',
  'strictExposure'
];

/** The switch each issue-13 fault kind is behind (the other kinds are always on). */
export const FAULT_SWITCH: Readonly<Record<string, SwitchName>> = {
  crashAtIntent: 'crashAtIntent',
  crashAtFillCommit: 'crashAtFillCommit',
  stopTimeout: 'stopTimeout',
  secondWriter: 'secondWriter',
  oppositeMismatch: 'oppositeMismatch'
};

/** Whether fault kind `kind` can be injected under `sw`. */
export function faultEnabled(kind: string, sw: Switches): boolean {
  const s = FAULT_SWITCH[kind];
  return s === undefined || sw[s];
}

/** Switches from a list of names (`all`: every one); throws on an unknown name. */
export function switchesOf(names: readonly string[]): Switches {
  const on = new Set<string>(names.includes('all') ? SWITCHES : names);
  for (const n of on) {
    if (!(SWITCHES as readonly string[]).includes(n))
      throw new Error(`unknown switch ${n}; known: ${SWITCHES.join(', ')}, all`);
  }
  return Object.fromEntries(SWITCHES.map((s) => [s, on.has(s)])) as Record<SwitchName, boolean>;
}

/** The default switches. */
export const defaultSwitches = (): Switches => switchesOf(DEFAULT_SWITCHES);
