/**
 * Runs one benchmark in a fresh child process of the bench (same Node, same tsx loader) and
 * returns its JSON answer. Used for `eventLoopDelayP99Ms`: the p99 of a 10 s window is set by
 * a handful of GC pauses, and in the bench's own process those depend on what the earlier
 * benchmarks left in the heap (1,000 parked executions, the inspector's server, undici pools,
 * the signing libraries): measured 10 ms there against 2–5 ms in a fresh process. A fresh
 * process is what an engine is when it starts trading. The child is killed if it overstays.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./isolatedChild.ts', import.meta.url));

/** Runs `bench` with `args` in a child; rejects on a crash or after `timeoutMs`. */
export function runIsolated<T>(
  bench: string,
  args: readonly number[],
  timeoutMs: number
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = fork(CHILD, [bench, ...args.map(String)], {
      execArgv: ['--import', 'tsx'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['pipe', 'inherit', 'inherit', 'ipc']
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`isolated ${bench} overstayed ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as T);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`isolated ${bench} exited with ${code} before answering`));
    });
  });
}
