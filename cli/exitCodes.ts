/**
 * Exit codes of the `twinleg` command (documented in README.md, "CLI"):
 *
 * | code | meaning |
 * | --- | --- |
 * | 0 | ok |
 * | 1 | runtime failure (a bug, an I/O error, a venue unreachable at startup) |
 * | 2 | usage or configuration error (bad flag, config file, env variable, markets or feed file) |
 * | 3 | refused: `--live` without credentials or without `--i-accept-real-money` |
 * | 4 | `twinleg doctor`: at least one check failed |
 * | 5 | ledger unavailable or unhealthy (`--db`) |
 * | 130 | interrupted twice (forced exit) |
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  refused: 3,
  checkFailed: 4,
  ledger: 5,
  forced: 130
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
