/**
 * Worker-thread entry of the parallel runner: runs the seed ranges it is sent and posts back
 * each range's report and the traces of its failing seeds.
 */
import { parentPort } from 'node:worker_threads';
import { runBatch } from './batch.js';
import { PLANTS } from './plants.js';
import type { DurableKind } from './durable.js';
import { switchesOf } from './switches.js';
import type { ScenarioOutcome } from './types.js';

/** A range of seeds to run. */
export interface WorkRequest {
  readonly start: number;
  readonly count: number;
  readonly plant: string | null;
  readonly durable: DurableKind;
  /** The issue-13 switches that are on. */
  readonly switches: readonly string[];
}

const port = parentPort;
if (port) {
  port.on('message', (req: WorkRequest | null) => {
    if (req === null) {
      port.close();
      return;
    }
    const failed: ScenarioOutcome[] = [];
    const plant = req.plant === null ? undefined : PLANTS[req.plant];
    void runBatch(req.start, req.count, {
      plant,
      durable: req.durable,
      switches: switchesOf(req.switches),
      onFailure: (o) => failed.push(o)
    }).then(
      (report) => port.postMessage({ req, report, failed }),
      (e: unknown) =>
        port.postMessage({ req, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
    );
  });
}
