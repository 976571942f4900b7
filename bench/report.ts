/**
 * The benchmark report: the JSON the issue asks for, the targets checked against it, and the
 * printed table.
 */

/** Percentiles in microseconds. */
export interface P50P99 {
  readonly p50: number;
  readonly p99: number;
}

/** The JSON written by `npm run bench -- --json <file>` (fields of the issue, plus `meta`). */
export interface BenchReport {
  readonly node: string;
  readonly cpus: number;
  readonly rawAtomicsClaimsPerSec: number;
  readonly dupRejectsPerSec: number;
  readonly execOverheadUs: P50P99;
  readonly execPerSecLive0: number;
  readonly execPerSecLive1000: number;
  readonly floorUs: P50P99;
  readonly e2eUs: P50P99;
  readonly heapGrowthMB: number;
  readonly eventLoopDelayP99Ms: number;
  readonly inspectorOnExecPerSec: number;
  /** Run conditions, per-benchmark details and the target verdicts. */
  readonly meta: Record<string, unknown>;
}

/** One target of the issue. */
export interface TargetVerdict {
  readonly name: string;
  readonly rule: string;
  readonly value: number;
  readonly limit: number;
  readonly pass: boolean;
}

/** Checks the targets. */
export function checkTargets(r: Omit<BenchReport, 'meta'>): TargetVerdict[] {
  const t = (name: string, rule: string, value: number, limit: number, pass: boolean) => ({
    name,
    rule,
    value,
    limit,
    pass
  });
  return [
    t('dupRejectsPerSec', '≥ 1,000,000', r.dupRejectsPerSec, 1e6, r.dupRejectsPerSec >= 1e6),
    t('execOverheadUs.p50', '≤ 60 µs', r.execOverheadUs.p50, 60, r.execOverheadUs.p50 <= 60),
    t('execOverheadUs.p99', '≤ 250 µs', r.execOverheadUs.p99, 250, r.execOverheadUs.p99 <= 250),
    t(
      'execPerSecLive1000',
      '≥ 0.8 × execPerSecLive0',
      r.execPerSecLive1000,
      0.8 * r.execPerSecLive0,
      r.execPerSecLive1000 >= 0.8 * r.execPerSecLive0
    ),
    t(
      'e2eUs.p50',
      '≤ 1.3 × floorUs.p50',
      r.e2eUs.p50,
      1.3 * r.floorUs.p50,
      r.e2eUs.p50 <= 1.3 * r.floorUs.p50
    ),
    t('heapGrowthMB', '≤ 5 MB', r.heapGrowthMB, 5, r.heapGrowthMB <= 5),
    t('eventLoopDelayP99Ms', '≤ 5 ms', r.eventLoopDelayP99Ms, 5, r.eventLoopDelayP99Ms <= 5)
  ];
}

const fmt = (x: number): string =>
  !Number.isFinite(x)
    ? String(x)
    : Math.abs(x) >= 1_000
      ? Math.round(x).toLocaleString('en-US')
      : String(Math.round(x * 100) / 100);

/** The printed table: every number, then PASS/MISS per target. */
export function formatTable(r: BenchReport, targets: readonly TargetVerdict[]): string {
  const rows: [string, string][] = [
    ['node / cpus', `${r.node} / ${r.cpus}`],
    ['rawAtomicsClaimsPerSec', fmt(r.rawAtomicsClaimsPerSec)],
    ['dupRejectsPerSec', fmt(r.dupRejectsPerSec)],
    ['execOverheadUs p50 / p99', `${fmt(r.execOverheadUs.p50)} / ${fmt(r.execOverheadUs.p99)}`],
    ['execPerSecLive0', fmt(r.execPerSecLive0)],
    ['execPerSecLive1000', fmt(r.execPerSecLive1000)],
    ['floorUs p50 / p99', `${fmt(r.floorUs.p50)} / ${fmt(r.floorUs.p99)}`],
    ['e2eUs p50 / p99', `${fmt(r.e2eUs.p50)} / ${fmt(r.e2eUs.p99)}`],
    ['heapGrowthMB', fmt(r.heapGrowthMB)],
    ['eventLoopDelayP99Ms', fmt(r.eventLoopDelayP99Ms)],
    ['inspectorOnExecPerSec', fmt(r.inspectorOnExecPerSec)]
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`);
  lines.push('', '  targets:');
  for (const t of targets) {
    const verdict = t.pass ? 'PASS' : 'MISS';
    lines.push(
      `  ${verdict}  ${t.name.padEnd(w - 2)} ${fmt(t.value)} (${t.rule}: ${fmt(t.limit)})`
    );
  }
  return lines.join('\n');
}
