/**
 * The benchmark report: the JSON the harness writes, the targets checked against it, and the
 * printed table. Throughput targets are checked per CPU second of the bench process (what one
 * dedicated core does; every thread of the process counts), latency targets on the wall clock.
 * bench/README.md gives each target's reason.
 */

/** Percentiles in microseconds. */
export interface P50P99 {
  readonly p50: number;
  readonly p99: number;
}

/** The JSON written by `npm run bench -- --json <file>` (see bench/README.md), plus `meta`. */
export interface BenchReport {
  readonly node: string;
  readonly cpus: number;
  /** Bare claim + release on the bitmask's layout: the floor of duplicate rejection. */
  readonly rawAtomicsClaimsPerSec: number;
  /** Duplicates rejected through `connect(obs$)`, per wall-clock second. */
  readonly dupRejectsPerSec: number;
  /** The same, per CPU second of the bench process. */
  readonly dupRejectsPerCpuSec: number;
  /** CPU µs of one happy-path execution (claim → both legs filled → result → release). */
  readonly cpuUsPerExecution: number;
  /** Opportunity in → both orders handed to the adapters, µs. */
  readonly execOverheadUs: P50P99;
  /** Full executions, one at a time, per wall-clock second: 0 and 1,000 others live. */
  readonly execPerSecLive0: number;
  readonly execPerSecLive1000: number;
  /** The same windows per CPU second (live 0: what one core does). */
  readonly execPerCpuSecLive0: number;
  readonly execPerCpuSecLive1000: number;
  /** The signed round trip of both legs with no engine, and the same through the engine, µs. */
  readonly floorUs: P50P99;
  readonly e2eUs: P50P99;
  /** One Polymarket Order signature: twinleg's direct path, and viem's `signTypedData`, µs. */
  readonly polySignUs: P50P99;
  readonly viemSignTypedDataUs: P50P99;
  /** viem's p50 over twinleg's, in the same repetitions. */
  readonly polySignSpeedup: number;
  /** Kalshi: one RSA-PSS presignature (paid while idle), and taking one (the hot path), µs. */
  readonly kalshiSignUs: P50P99;
  readonly kalshiPresignedUs: P50P99;
  readonly heapGrowthMB: number;
  /** Executions between the two heap measurements. */
  readonly heapExecutions: number;
  /** Median over fresh-process windows of the p99 event-loop delay under the paced feed. */
  readonly eventLoopDelayP99Ms: number;
  /** Opportunities per second of that feed. */
  readonly eventLoopFeedPerSec: number;
  /** Full executions per wall-clock second with the inspector attached and a page connected. */
  readonly inspectorOnExecPerSec: number;
  /** Per CPU second, inspected and not, in alternating windows of the same run. */
  readonly inspectorOnExecPerCpuSec: number;
  readonly inspectorOffExecPerCpuSec: number;
  /** Run conditions, per-benchmark details and the target verdicts. */
  readonly meta: Record<string, unknown>;
}

/** One target and its verdict. */
export interface TargetVerdict {
  readonly name: string;
  readonly rule: string;
  readonly value: number;
  readonly limit: number;
  readonly pass: boolean;
}

/** The targets (bench/README.md gives each one's reason). */
export function checkTargets(r: Omit<BenchReport, 'meta'>): TargetVerdict[] {
  const atLeast = (name: string, rule: string, value: number, limit: number) => ({
    name,
    rule,
    value,
    limit,
    pass: value >= limit
  });
  const atMost = (name: string, rule: string, value: number, limit: number) => ({
    name,
    rule,
    value,
    limit,
    pass: value <= limit
  });
  return [
    atLeast('dupRejectsPerCpuSec', '≥ 1,000,000 /s', r.dupRejectsPerCpuSec, 1e6),
    atMost('cpuUsPerExecution', '≤ 150 µs', r.cpuUsPerExecution, 150),
    atLeast('execPerCpuSecLive0', '≥ 5,000 /s on one core', r.execPerCpuSecLive0, 5_000),
    atMost('execOverheadUs.p50', '≤ 100 µs', r.execOverheadUs.p50, 100),
    atMost('execOverheadUs.p99', '≤ 1,000 µs', r.execOverheadUs.p99, 1_000),
    atMost('e2eUs.p50', '≤ 1.05 × floorUs.p50', r.e2eUs.p50, 1.05 * r.floorUs.p50),
    atLeast(
      'execPerCpuSecLive1000',
      '≥ 0.8 × execPerCpuSecLive0',
      r.execPerCpuSecLive1000,
      0.8 * r.execPerCpuSecLive0
    ),
    atMost('heapGrowthMB', '≤ 5 MB', r.heapGrowthMB, 5),
    atMost('eventLoopDelayP99Ms', '≤ 5 ms', r.eventLoopDelayP99Ms, 5),
    atLeast(
      'inspectorOnExecPerCpuSec',
      '≥ 0.5 × inspectorOffExecPerCpuSec',
      r.inspectorOnExecPerCpuSec,
      0.5 * r.inspectorOffExecPerCpuSec
    ),
    atLeast('polySignSpeedup', '≥ 3 × faster than viem at p50', r.polySignSpeedup, 3)
  ];
}

/** A number for the table: thousands separated from 1,000 up, else two decimals at most. */
export const fmt = (x: number): string =>
  !Number.isFinite(x)
    ? String(x)
    : Math.abs(x) >= 1_000
      ? Math.round(x).toLocaleString('en-US')
      : String(Math.round(x * 100) / 100);

/** The printed table: every metric, with its target and PASS/MISS where it has one. */
export function formatTable(r: BenchReport, targets: readonly TargetVerdict[]): string {
  const v = (name: string) => targets.find((t) => t.name === name);
  const verdict = (...names: string[]) => {
    const ts = names.map(v).filter((t): t is TargetVerdict => t !== undefined);
    if (ts.length === 0) return ['', ''];
    return [
      ts.map((t) => `${t.rule} (${fmt(t.limit)})`).join('; '),
      ts.map((t) => (t.pass ? 'PASS' : 'MISS')).join(' / ')
    ];
  };
  const p = (x: P50P99) => `${fmt(x.p50)} / ${fmt(x.p99)}`;
  const rows: string[][] = [
    ['metric', 'value', 'target', 'verdict'],
    ['node / cpus', `${r.node} / ${r.cpus}`, '', ''],
    ['rawAtomicsClaimsPerSec', fmt(r.rawAtomicsClaimsPerSec), '', ''],
    ['dupRejectsPerSec (wall)', fmt(r.dupRejectsPerSec), '', ''],
    ['dupRejectsPerCpuSec', fmt(r.dupRejectsPerCpuSec), ...verdict('dupRejectsPerCpuSec')],
    ['cpuUsPerExecution', fmt(r.cpuUsPerExecution), ...verdict('cpuUsPerExecution')],
    ['execPerCpuSecLive0', fmt(r.execPerCpuSecLive0), ...verdict('execPerCpuSecLive0')],
    [
      'execOverheadUs p50 / p99',
      p(r.execOverheadUs),
      ...verdict('execOverheadUs.p50', 'execOverheadUs.p99')
    ],
    [
      'execPerSecLive0 / 1000 (wall)',
      `${fmt(r.execPerSecLive0)} / ${fmt(r.execPerSecLive1000)}`,
      '',
      ''
    ],
    ['execPerCpuSecLive1000', fmt(r.execPerCpuSecLive1000), ...verdict('execPerCpuSecLive1000')],
    ['floorUs p50 / p99', p(r.floorUs), '', ''],
    ['e2eUs p50 / p99', p(r.e2eUs), ...verdict('e2eUs.p50')],
    ['polySignUs p50 / p99', p(r.polySignUs), '', ''],
    ['viemSignTypedDataUs p50 / p99', p(r.viemSignTypedDataUs), '', ''],
    ['polySignSpeedup (p50)', fmt(r.polySignSpeedup), ...verdict('polySignSpeedup')],
    ['kalshiSignUs p50 / p99 (presigning)', p(r.kalshiSignUs), '', ''],
    ['kalshiPresignedUs p50 / p99 (taking one)', p(r.kalshiPresignedUs), '', ''],
    [
      `heapGrowthMB (${fmt(r.heapExecutions)} executions)`,
      fmt(r.heapGrowthMB),
      ...verdict('heapGrowthMB')
    ],
    [
      `eventLoopDelayP99Ms (${fmt(r.eventLoopFeedPerSec)}/s)`,
      fmt(r.eventLoopDelayP99Ms),
      ...verdict('eventLoopDelayP99Ms')
    ],
    ['inspectorOnExecPerSec (wall)', fmt(r.inspectorOnExecPerSec), '', ''],
    [
      'inspectorOn / OffExecPerCpuSec',
      `${fmt(r.inspectorOnExecPerCpuSec)} / ${fmt(r.inspectorOffExecPerCpuSec)}`,
      ...verdict('inspectorOnExecPerCpuSec')
    ]
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const lines = rows.map((row) =>
    `  ${row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] ?? 0) : cell)).join('  ')}`.trimEnd()
  );
  const missed = targets.filter((t) => !t.pass).map((t) => t.name);
  lines.push(
    '',
    `  ${targets.length - missed.length} of ${targets.length} targets met${missed.length > 0 ? `; missed: ${missed.join(', ')}` : ''}`
  );
  return lines.join('\n');
}
