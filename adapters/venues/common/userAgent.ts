import { readFileSync } from 'node:fs';

function version(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')
    ) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** `User-Agent` sent on every venue request: `twinleg/<version from package.json>`. */
export const USER_AGENT = `twinleg/${version()}`;
