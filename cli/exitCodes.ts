/**
 * Exit codes of the `twinleg` command (documented in README.md):
 * 0 ok; 1 runtime failure; 2 usage or configuration error; 130 interrupted twice (forced).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, forced: 130 } as const;
