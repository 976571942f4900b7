/**
 * Loads the configuration: schema defaults < the `--config` file (JSON) < environment
 * variables (`TWINLEG_*`, `CB_*`, `KALSHI_API_BASE_URL`) < command-line flags (applied by
 * each command). A bad value stops with a {@link ConfigError} naming the field and where it
 * came from.
 */
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { envOverrides } from './env.js';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { TwinlegConfigSchema, type TwinlegConfig } from './schema.js';
import { jsonErrorAt } from './jsonError.js';
import { nearest } from './suggest.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A loaded configuration and where it came from. */
export interface LoadedConfig {
  readonly config: TwinlegConfig;
  /** The file read, if any. */
  readonly file: string | undefined;
  /** Environment variables that overrode something. */
  readonly envVariables: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep merge: `over` wins; arrays and scalars are replaced, objects merged. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Reads a configuration file: YAML for `.yaml`/`.yml`, JSON otherwise. */
export function readConfigFile(file: string): unknown {
  const ext = extname(file).toLowerCase();
  const yaml = ext === '.yaml' || ext === '.yml';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(
      file,
      `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      { cause: e }
    );
  }
  try {
    return yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // YAML's messages name the line and column; JSON.parse's (Node 20) only an offset.
    const problem = yaml
      ? `not valid YAML: ${(msg.split('\n')[0] ?? msg).replace(/:$/, '')}`
      : `not valid JSON ${jsonErrorAt(text, msg)}`;
    throw new ConfigError(file, problem, { cause: e });
  }
}

/** The keys an object schema accepts at `path` (through defaults and optionals). */
function keysAt(schema: z.ZodType, path: readonly string[]): string[] {
  type Node = { shape?: Record<string, z.ZodType>; unwrap?: () => z.ZodType };
  const open = (s: z.ZodType): Node => {
    let n = s as unknown as Node;
    while (!n.shape && typeof n.unwrap === 'function') n = n.unwrap() as unknown as Node;
    return n;
  };
  let node = open(schema);
  for (const k of path) {
    const next = node.shape?.[k];
    if (!next) return [];
    node = open(next);
  }
  return Object.keys(node.shape ?? {});
}

/** `unknown key "k"`, with the nearest known key of the same object when one is close. */
function unknownKey(key: string, path: readonly string[]): string {
  const guess = nearest(key, keysAt(TwinlegConfigSchema, path));
  return `unknown key ${JSON.stringify(key)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''}`;
}

/** Loads and validates the configuration (see the module comment). */
export function loadConfig(opts: { file?: string | undefined; env?: Env } = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const file = opts.file ?? (env.TWINLEG_CONFIG || undefined);
  const fromFile = file === undefined ? {} : readConfigFile(file);
  if (!isObject(fromFile))
    throw new ConfigError(file ?? '?', 'the top level must be an object (a mapping)');
  const { values, setBy } = envOverrides(env);
  const merged = deepMerge(fromFile, values);
  const r = TwinlegConfigSchema.safeParse(merged);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = (issue?.path ?? []).map(String);
    const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
    const dotted = [...path, ...keys.slice(0, 1)].join('.') || '(top level)';
    const variable = setBy.get(path.join('.'));
    const where = variable ?? (file ? `${dotted} (in ${file})` : dotted);
    const key = keys[0];
    throw new ConfigError(
      where,
      key !== undefined ? unknownKey(key, path) : (issue?.message ?? 'invalid')
    );
  }
  return { config: r.data, file, envVariables: [...new Set(setBy.values())] };
}
