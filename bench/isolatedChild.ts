/**
 * Child side of {@link runIsolated}: runs the named benchmark once, sends the result to the
 * parent over IPC and exits. The parent's stdin pipe doubles as a watchdog (bench/watchdog.ts
 * semantics): if the parent dies, the child stops.
 */
import { eventLoopDelay } from './eventLoop.js';

process.stdin.on('end', () => process.exit(3));
process.stdin.resume();

const [name, ...rest] = process.argv.slice(2);
const n = rest.map(Number);
if (name !== 'eventLoop' || n.length !== 3 || n.some((x) => !Number.isFinite(x))) {
  console.error(
    `isolatedChild: unknown benchmark or bad arguments: ${process.argv.slice(2).join(' ')}`
  );
  process.exit(2);
}
const result = await eventLoopDelay(n[0]!, n[1]!, n[2]!);
process.send?.(result, () => process.exit(0));
