/**
 * The signing floor, one signature at a time, all paths in the same run:
 *
 * - **Polymarket, twinleg**: `orderDigest` (precomputed type hash and domain separator, the
 *   struct encoded by hand, keccak-256 from `@noble/hashes`) plus `signOrderDigest`
 *   (libsecp256k1 through `tiny-secp256k1`): what `buildSignedOrder` does for types 0–2.
 * - **Polymarket, viem**: `account.signTypedData(orderTypedData(order))`, viem's generic
 *   EIP-712 path, which the official SDK uses and the adapter used before.
 * - **reference** (`meta` only): viem's `sign` (`@noble/curves`) of the same digest, to show
 *   where viem's time goes.
 * - **Kalshi**: preparing one presigned header set (`Presigner.prepare`: one RSA-PSS signature
 *   with a 2,048-bit key), paid while idle; and taking a fresh presigned set (`Presigner.take`),
 *   the cost on the hot path.
 *
 * Every sample is a distinct order (salt, amounts, timestamp, side, exchange rotate). The
 * Polymarket paths alternate within a sample, the order swapped every sample, so machine noise
 * falls on both. The speed-up is viem's p50 over twinleg's, per repetition, then the median.
 */
import { generateKeyPairSync } from 'node:crypto';
import { keccak256, toHex } from 'viem';
import { sign as nobleSign } from 'viem/accounts';
import { KalshiSigner, Presigner } from '../adapters/venues/kalshi/index.js';
import {
  PolymarketCredentials,
  orderTypedData,
  type ExchangeKind,
  type WireOrder
} from '../adapters/venues/polymarket/index.js';
import { orderDigest } from '../adapters/venues/polymarket/orderDigest.js';
import {
  latencyHistogram,
  median,
  nowNs,
  recordNs,
  round,
  summarizeUs,
  type LatencyHistogram,
  type LatencySummary
} from './stats.js';

/** p50 and p99 in µs (medians over repetitions). */
export interface SignP50P99 {
  readonly p50: number;
  readonly p99: number;
}

/** Result of {@link signingCosts}. */
export interface SigningResult {
  readonly polySignUs: SignP50P99;
  readonly viemSignTypedDataUs: SignP50P99;
  /** Median over repetitions of viem p50 / twinleg p50. */
  readonly polySignSpeedup: number;
  readonly kalshiSignUs: SignP50P99;
  readonly kalshiPresignedUs: SignP50P99;
  /** viem's `sign` (noble) of the digest alone, µs (reference). */
  readonly nobleDigestSignUs: SignP50P99;
  /** Pooled over the measured samples. */
  readonly pooled: Readonly<Record<Path, LatencySummary>>;
  readonly speedups: readonly number[];
  readonly samples: number;
  readonly repetitions: number;
  /** Samples whose two Polymarket signatures differed (must be 0). */
  readonly mismatches: number;
  /** Takes that found no fresh presigned set (must be 0). */
  readonly presignMisses: number;
}

type Path = 'twinleg' | 'viem' | 'noble' | 'kalshiSign' | 'kalshiTake';
const PATHS: readonly Path[] = ['twinleg', 'viem', 'noble', 'kalshiSign', 'kalshiTake'];
const KINDS: readonly ExchangeKind[] = ['standard', 'neg-risk', 'v3'];
const TOKEN = '26310511444966676152901239545213464869875480698266972830365142324057733576025';
const ZERO32 = `0x${'0'.repeat(64)}` as const;
const KALSHI_PATH = '/trade-api/v2/portfolio/events/orders';
/** A fixed test key (never a real one). */
const BENCH_KEY = keccak256(toHex('twinleg bench key'));

/** The `i`-th order of the run (every field that varies in production varies here). */
function orderAt(i: number, creds: PolymarketCredentials): Omit<WireOrder, 'signature'> {
  const shares = 1_000_000 + ((i * 7_919) % 50_000_000);
  return {
    salt: 1 + ((i * 2_654_435_761) % 2 ** 47),
    maker: creds.funder,
    signer: creds.address,
    tokenId: TOKEN,
    makerAmount: String(Math.floor(shares / 2)),
    takerAmount: String(shares),
    side: i % 2 === 0 ? 'BUY' : 'SELL',
    signatureType: 0,
    timestamp: String(1_764_441_600_000 + i),
    expiration: '0',
    metadata: ZERO32,
    builder: ZERO32
  };
}

/** A record with one entry per path. */
const byPath = <T>(f: (p: Path) => T): Record<Path, T> =>
  Object.fromEntries(PATHS.map((p) => [p, f(p)])) as Record<Path, T>;

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}` as const;

/**
 * Measures `reps` repetitions of `samples` signatures per path (each repetition capped at
 * `maxRepMs`), after `warmup` unmeasured samples.
 */
export async function signingCosts(
  samples: number,
  reps: number,
  warmup: number,
  maxRepMs: number
): Promise<SigningResult> {
  const creds = new PolymarketCredentials({
    privateKey: BENCH_KEY,
    apiKey: 'bench',
    secret: Buffer.alloc(32, 7).toString('base64'),
    passphrase: 'bench',
    signatureType: 0
  });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2_048 });
  const kalshi = new KalshiSigner('bench-key-id', privateKey);
  const presigner = new Presigner(kalshi, 60_000);
  let seq = 0;
  let mismatches = 0;
  let presignMisses = 0;

  /** One sample of every path; records into `hs` when given. */
  const sample = async (hs: Record<Path, LatencyHistogram> | undefined) => {
    const i = seq++;
    const kind = KINDS[i % KINDS.length] ?? 'standard';
    const order = orderAt(i, creds);
    const ours = () => {
      const t0 = nowNs();
      const sig = creds.signOrderDigest(orderDigest(order, kind));
      return { sig, ns: nowNs() - t0 };
    };
    const viem = async () => {
      const t0 = nowNs();
      const sig = await creds.account.signTypedData(orderTypedData(order, kind));
      return { sig, ns: nowNs() - t0 };
    };
    let a: { sig: string; ns: number };
    let b: { sig: string; ns: number };
    if (i % 2 === 0) {
      a = ours();
      b = await viem();
    } else {
      b = await viem();
      a = ours();
    }
    if (a.sig !== b.sig) mismatches++;
    const digest = hex(orderDigest(order, kind));
    const t2 = nowNs();
    await nobleSign({ hash: digest, privateKey: BENCH_KEY, to: 'hex' });
    const t3 = nowNs();
    const now = Date.now();
    const t4 = nowNs();
    presigner.prepare('POST', KALSHI_PATH, now);
    const t5 = nowNs();
    const taken = presigner.take('POST', KALSHI_PATH, now);
    const t6 = nowNs();
    if (!taken.prepared) presignMisses++;
    if (hs) {
      recordNs(hs.twinleg, a.ns);
      recordNs(hs.viem, b.ns);
      recordNs(hs.noble, t3 - t2);
      recordNs(hs.kalshiSign, t5 - t4);
      recordNs(hs.kalshiTake, t6 - t5);
    }
  };

  for (let w = 0; w < warmup; w++) await sample(undefined);
  mismatches = 0;
  presignMisses = 0;
  const pooled = byPath(() => latencyHistogram());
  const per = byPath((): { p50: number[]; p99: number[] } => ({ p50: [], p99: [] }));
  const speedups: number[] = [];
  let measured = 0;
  for (let r = 0; r < reps; r++) {
    const hs = byPath(() => latencyHistogram());
    const until = Date.now() + maxRepMs;
    for (let s = 0; s < samples && Date.now() < until; s++) {
      await sample(hs);
      measured++;
    }
    for (const p of PATHS) {
      const sum = summarizeUs(hs[p]);
      per[p].p50.push(sum.p50);
      per[p].p99.push(sum.p99);
      pooled[p].add(hs[p]);
    }
    const t = summarizeUs(hs.twinleg).p50;
    speedups.push(t > 0 ? summarizeUs(hs.viem).p50 / t : 0);
  }
  const med = (p: Path): SignP50P99 => ({
    p50: round(median(per[p].p50)),
    p99: round(median(per[p].p99))
  });
  return {
    polySignUs: med('twinleg'),
    viemSignTypedDataUs: med('viem'),
    polySignSpeedup: round(median(speedups), 2),
    kalshiSignUs: med('kalshiSign'),
    kalshiPresignedUs: med('kalshiTake'),
    nobleDigestSignUs: med('noble'),
    pooled: byPath((p) => summarizeUs(pooled[p])),
    speedups: speedups.map((x) => round(x, 2)),
    samples: measured,
    repetitions: reps,
    mismatches,
    presignMisses
  };
}
