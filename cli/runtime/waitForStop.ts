/**
 * When a run stops: `--duration` elapsed, Ctrl-C / SIGTERM (a second Ctrl-C forces exit 130),
 * or a finite feed ended and nothing is running any more.
 */
import { EXIT } from '../exitCodes.js';

/** What ended the run. */
export type StopCause = 'duration' | 'signal' | 'feed-ended';

/** Resolves with the first stop cause. `idle()` says whether nothing is running. */
export function waitForStop(o: {
  durationSec?: number | undefined;
  feedEnded: Promise<void> | undefined;
  idle: () => boolean;
}): Promise<StopCause> {
  return new Promise<StopCause>((resolve) => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    let done = false;
    const finish = (cause: StopCause): void => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(cause);
    };
    const onSignal = (): void => {
      process.once('SIGINT', () => process.exit(EXIT.forced));
      finish('signal');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (o.durationSec !== undefined)
      timers.push(setTimeout(() => finish('duration'), o.durationSec * 1_000));
    void o.feedEnded?.then(() => {
      const poll = (): void => {
        if (done) return;
        if (o.idle()) finish('feed-ended');
        else timers.push(setTimeout(poll, 50));
      };
      poll();
    });
  });
}
