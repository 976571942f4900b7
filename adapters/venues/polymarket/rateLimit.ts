import type { TokenBucket } from '../common/tokenBucket.js';

/**
 * Takes one token from `bucket`, giving up when `signal` aborts first. Resolves true when the
 * token was taken and the caller may send, false when aborted (nothing must be sent).
 */
export function takeToken(bucket: TokenBucket, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (bucket.tryTake()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    void bucket.take().then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(!signal.aborted);
    });
  });
}
