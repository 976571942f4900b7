/**
 * Environment overrides of the configuration file. Every leaf of the schema outside `breaker`
 * has a `TWINLEG_<SECTION>_<FIELD>` variable (camelCase → SCREAMING_SNAKE, nesting joined by
 * `_`), e.g. `TWINLEG_ENGINE_LEG_TIMEOUT_MS`, `TWINLEG_ENGINE_RECONCILE_DEADLINE_MS`,
 * `TWINLEG_PATHS_DB`, `TWINLEG_METRICS_PORT`, `TWINLEG_VENUES_POLYMARKET_BASE_URL`. The
 * breaker keeps its `CB_*` variables (human units, see README), and `KALSHI_API_BASE_URL` sets
 * the Kalshi root when `TWINLEG_VENUES_KALSHI_BASE_URL` is unset.
 */
import { ENV_BOOLEANS } from '../../actors/circuitBreaker/breakerEnv.js';
import {
  BREAKER_ENV,
  BreakerConfigError,
  breakerConfigFromEnv
} from '../../actors/circuitBreaker/index.js';
import { FAULTS } from '../../core/errors.js';
import { ConfigError } from './errors.js';
import { TwinlegConfigSchema } from './schema.js';

type Env = Readonly<Record<string, string | undefined>>;
type Leaf = 'number' | 'boolean' | 'string' | 'numbers';

/** A configuration leaf that an environment variable sets. */
export interface EnvBinding {
  readonly variable: string;
  readonly path: readonly string[];
  readonly kind: Leaf;
}

const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function leaves(obj: Record<string, unknown>, prefix: string[], out: EnvBinding[]): void {
  for (const [k, v] of Object.entries(obj)) {
    const path = [...prefix, k];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      leaves(v as Record<string, unknown>, path, out);
      continue;
    }
    const kind: Leaf = Array.isArray(v)
      ? 'numbers'
      : typeof v === 'number'
        ? 'number'
        : typeof v === 'boolean'
          ? 'boolean'
          : 'string';
    out.push({ variable: `TWINLEG_${path.map(snake).join('_')}`, path, kind });
  }
}

/** Every `TWINLEG_*` variable and the field it sets (derived from the schema's defaults). */
export const TWINLEG_ENV: readonly EnvBinding[] = (() => {
  const template = TwinlegConfigSchema.parse({ paths: { db: '-', markets: '-' } });
  const { breaker: _breaker, ...rest } = template;
  const out: EnvBinding[] = [];
  leaves(rest, [], out);
  out.push({
    variable: 'KALSHI_API_BASE_URL',
    path: ['venues', 'kalshi', 'baseUrl'],
    kind: 'string'
  });
  return out;
})();

function convert(b: EnvBinding, raw: string): unknown {
  const text = raw.trim();
  if (text === '') throw new ConfigError(b.variable, 'is set but empty');
  const int = (t: string): number => {
    if (!/^-?\d+$/.test(t))
      throw new ConfigError(b.variable, `${JSON.stringify(t)} is not an integer`);
    return Number(t);
  };
  switch (b.kind) {
    case 'number':
      return int(text);
    case 'numbers':
      return text.split(',').map((t) => int(t.trim()));
    case 'boolean': {
      const v = ENV_BOOLEANS[text.toLowerCase()];
      if (v === undefined)
        throw new ConfigError(b.variable, `${JSON.stringify(text)} is not true/false`);
      return v;
    }
    case 'string':
      return text;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const k of path.slice(0, -1)) {
    const next = node[k];
    if (next === null || typeof next !== 'object') node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[path[path.length - 1] ?? ''] = value;
}

/** A breaker error's reason without its "… CB_X: " prefix nor an inner error's code. */
function withoutPrefixes(message: string): string {
  const reason = message.replace(/^.*?: /, '');
  const code = /^([a-z_]+): /.exec(reason)?.[1];
  return code !== undefined && code in FAULTS ? reason.slice(code.length + 2) : reason;
}

/** Overrides read from the environment, and which variable set each dotted path. */
export interface EnvOverrides {
  readonly values: Record<string, unknown>;
  readonly setBy: ReadonlyMap<string, string>;
}

/** Reads every set `TWINLEG_*`, `CB_*` and `KALSHI_API_BASE_URL` variable; throws naming a bad one. */
export function envOverrides(env: Env): EnvOverrides {
  const values: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  // KALSHI_API_BASE_URL is last in TWINLEG_ENV: only applied when the TWINLEG_ name is unset.
  for (const b of TWINLEG_ENV) {
    const raw = env[b.variable];
    const key = b.path.join('.');
    if (raw === undefined || setBy.has(key)) continue;
    setPath(values, b.path, convert(b, raw));
    setBy.set(key, b.variable);
  }
  for (const [variable, { field }] of Object.entries(BREAKER_ENV)) {
    const raw = env[variable];
    if (raw === undefined) continue;
    try {
      setPath(values, ['breaker', field], breakerConfigFromEnv({ [variable]: raw })[field]);
    } catch (e) {
      if (e instanceof BreakerConfigError)
        throw new ConfigError(variable, withoutPrefixes(e.message), { cause: e });
      throw e;
    }
    setBy.set(`breaker.${field}`, variable);
  }
  return { values, setBy };
}
