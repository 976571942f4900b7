/**
 * A server port another process holds (`--inspector <port>`, `--metrics <port>`): a usage
 * error naming the flag and the address, with a hint.
 */
import { CliError } from '../errors.js';
import { EXIT } from '../exitCodes.js';

/** The {@link CliError} (`port_in_use`, exit 2) for `flag`'s busy `host:port`. */
export function portInUse(flag: string, host: string, port: number, cause: unknown): CliError {
  const shown = host.includes(':') ? `[${host}]` : host;
  return new CliError(
    `${flag}: port ${port} on ${host} is already in use`,
    `pick another port (${flag} <port>; 0 takes any free port) or stop what listens on ${shown}:${port}`,
    EXIT.usage,
    { code: 'port_in_use', cause }
  );
}
