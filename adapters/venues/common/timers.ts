/** The longest delay `setTimeout` holds (2³¹−1 ms); longer ones fire at once, with a warning. */
export const MAX_TIMER_MS = 2_147_483_647;

/** `ms` as a safe timer delay: NaN and negatives → 0, anything longer → {@link MAX_TIMER_MS}. */
export function clampTimerMs(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, MAX_TIMER_MS);
}
