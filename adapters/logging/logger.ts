import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level: trace, debug, info, warn, error, fatal, silent (default info). */
  readonly level?: string;
  /** Human-readable lines instead of JSON (default: when stdout is a TTY). */
  readonly pretty?: boolean;
  /** File descriptor to write to (default 1, stdout). */
  readonly fd?: number;
}

/** Fields that must never be logged; pino replaces them with `[redacted]`. */
export const REDACT_PATHS = [
  'secret',
  'passphrase',
  'privateKey',
  'apiKey',
  'pem',
  '*.secret',
  '*.passphrase',
  '*.privateKey',
  '*.apiKey',
  '*.pem',
  'headers.authorization',
  '*.headers.authorization'
];

/**
 * The engine's logger: pino, JSON lines by default (asynchronous writes, off the hot path),
 * pretty-printed in a terminal. Secret-looking fields are redacted as a second line of defence
 * (the engine never puts secrets in log objects in the first place). Errors are logged as
 * `{ err }` (the Error itself): pino's standard `err` serializer keeps type, message, stack,
 * code and cause; the pretty form, which hides objects, appends the error's message.
 */
export function createLogger(opts: LoggerOptions = {}): PinoLogger {
  const fd = opts.fd ?? 1;
  const base = {
    level: opts.level ?? 'info',
    base: { app: 'twinleg' },
    serializers: { err: pino.stdSerializers.err },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' }
  };
  const wantPretty = opts.pretty ?? (fd === 1 && process.stdout.isTTY);
  if (wantPretty) {
    return pino(
      base,
      pretty({
        colorize: true,
        destination: fd,
        sync: true,
        hideObject: true,
        ignore: 'pid,hostname,app',
        messageFormat: withErr,
        translateTime: 'SYS:HH:MM:ss.l'
      })
    );
  }
  return pino(base, pino.destination({ fd, sync: false, minLength: 4096 }));
}

/** The pretty line's message, with `err`'s message appended when there is one. */
function withErr(log: Record<string, unknown>, messageKey: string): string {
  const m = log[messageKey];
  const msg = typeof m === 'string' ? m : JSON.stringify(m ?? '');
  const err = log['err'] as { message?: unknown } | undefined;
  return typeof err?.message === 'string' && err.message !== '' ? `${msg}: ${err.message}` : msg;
}
