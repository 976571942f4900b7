/**
 * Preloaded (`--import`) into every mock venue process the benchmarks spawn: when the parent
 * goes away (its end of our stdin closes) or after a hard lifetime, the mock gets SIGTERM (its
 * own handler closes the server and exits) and, if still alive a second later, exits. So no
 * mock outlives the bench, even when the bench itself is killed.
 */
const LIFETIME_MS = Number(process.env.TWINLEG_BENCH_CHILD_LIFETIME_MS ?? 20 * 60_000);

const stop = (): void => {
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(0), 1_000).unref();
};

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
setTimeout(stop, LIFETIME_MS).unref();
