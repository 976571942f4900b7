import { TwinlegError } from '../../core/errors.js';

/** A rejected configuration value (`invalid_config`); `where` names the field, file or variable. */
export class ConfigError extends TwinlegError {
  readonly where: string;
  constructor(where: string, message: string, options?: { cause?: unknown }) {
    super('invalid_config', `invalid configuration ${where}: ${message}`, options);
    this.name = 'ConfigError';
    this.where = where;
  }
}
