/**
 * Opportunities from JSON lines (a recorded file or stdin). One object per line, core units:
 *
 *     {"t": 1250, "marketId": 3, "arbType": "PolyYesKalshiNo", "yesPrice": 410000,
 *      "noPrice": 550000, "yesSize": 25000000, "noSize": 40000000, "depth": {"yes": 10000000}}
 *
 * - `t`: recorded time in ms (any origin; the first record is time 0; optional: same as the
 *   previous record);
 * - prices in micro-dollars (41¢ = 410000), sizes in micro-contracts (25 = 25000000);
 * - `depth` (optional, simulated venues only): contracts resting at the quoted price per side
 *   (default: the quoted size); less than the engine sends makes that leg fill partially.
 *
 * Any other key is an error naming the line and the key (a misspelt `depth` or size would
 * otherwise be ignored). Blank lines and lines starting with `#` are skipped. `detectedNs` is stamped by the clock
 * when the opportunity is emitted.
 */
import { Observable } from 'rxjs';
import { z } from 'zod';
import {
  asMicros,
  asQty,
  TwinlegError,
  type Clock,
  type FastExecutionRequest
} from '../../core/index.js';

const whole = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A price in micro-dollars. */
const micros = whole.transform(asMicros);
/** A size in micro-contracts. */
const qty = whole.transform(asQty);

const RecordSchema = z
  .object({
    t: z.number().finite().optional(),
    marketId: z.number().int().min(0),
    arbType: z.enum(['PolyYesKalshiNo', 'KalshiYesPolyNo', 'PolyOnly', 'KalshiOnly']),
    yesPrice: micros,
    noPrice: micros,
    yesSize: qty,
    noSize: qty,
    depth: z.object({ yes: qty.optional(), no: qty.optional() }).strict().optional()
  })
  .strict();

/** The keys a record may hold (any other key is an error naming the line). */
const RECORD_KEYS = Object.keys(RecordSchema.shape);

/** One recorded opportunity. */
export type OpportunityRecord = z.infer<typeof RecordSchema>;

/** A bad line (`invalid_input`): `source:line: field: problem`. */
export class JsonlError extends TwinlegError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_input', message, options);
    this.name = 'JsonlError';
  }
}

/** Parses one line; `null` for blank and `#` comment lines. */
export function parseOpportunityLine(line: string, where: string): OpportunityRecord | null {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new JsonlError(
      `${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      { cause: e }
    );
  }
  const r = RecordSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || '(record)';
    if (issue?.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      const known = issue.path.length === 0 ? RECORD_KEYS : ['yes', 'no'];
      throw new JsonlError(
        `${where}: ${issue.path.length === 0 ? '' : `${field}: `}unknown key ${keys} (known: ${known.join(', ')})`
      );
    }
    throw new JsonlError(`${where}: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

/** Parses a whole document (throws on the first bad line, naming it). */
export function parseOpportunities(text: string, source: string): OpportunityRecord[] {
  const out: OpportunityRecord[] = [];
  text.split('\n').forEach((line, i) => {
    const rec = parseOpportunityLine(line, `${source}:${i + 1}`);
    if (rec) out.push(rec);
  });
  return out;
}

/** The request for a record, detected now. */
export function toRequest(rec: OpportunityRecord, clock: Clock): FastExecutionRequest {
  const { marketId, arbType, yesPrice, noPrice, yesSize, noSize } = rec;
  return { marketId, arbType, yesPrice, noPrice, yesSize, noSize, detectedNs: clock.nowNs() };
}

/** Options of {@link jsonlFeed}. */
export interface JsonlFeedOptions {
  readonly lines: AsyncIterable<string> | Iterable<string>;
  readonly clock: Clock;
  /** `recorded`: keep the gaps between records' `t`; `asap`: emit as soon as read. */
  readonly pace: 'recorded' | 'asap';
  /** Name in error messages (file name or `stdin`). */
  readonly source?: string;
  /** Called just before each request is emitted (e.g. to set simulated books). */
  readonly onRecord?: (rec: OpportunityRecord, req: FastExecutionRequest) => void;
  /** A bad line: called and skipped. Without it the stream errors. */
  readonly onInvalid?: (e: JsonlError) => void;
}

/** A stream of opportunities read from JSON lines (see the module comment); completes at EOF. */
export function jsonlFeed(opts: JsonlFeedOptions): Observable<FastExecutionRequest> {
  const { clock } = opts;
  return new Observable<FastExecutionRequest>((sub) => {
    let timer: unknown;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        timer = clock.setTimeout(resolve, ms);
      });
    const run = async (): Promise<void> => {
      let n = 0;
      let t0: number | undefined;
      let lastT = 0;
      const startNs = clock.nowNs();
      for await (const line of opts.lines) {
        if (sub.closed) return;
        n++;
        let rec: OpportunityRecord | null;
        try {
          rec = parseOpportunityLine(line, `${opts.source ?? 'jsonl'}:${n}`);
        } catch (e) {
          if (e instanceof JsonlError && opts.onInvalid) {
            opts.onInvalid(e);
            continue;
          }
          throw e;
        }
        if (!rec) continue;
        lastT = rec.t ?? lastT;
        t0 ??= lastT;
        if (opts.pace === 'recorded') {
          const waitMs = lastT - t0 - (clock.nowNs() - startNs) / 1e6;
          if (waitMs > 0) await sleep(waitMs);
          if (sub.closed) return;
        }
        const req = toRequest(rec, clock);
        opts.onRecord?.(rec, req);
        sub.next(req);
      }
      sub.complete();
    };
    run().catch((e: unknown) => sub.error(e));
    return () => {
      if (timer !== undefined) clock.clearTimeout(timer);
    };
  });
}
