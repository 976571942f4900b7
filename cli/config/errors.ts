/** A rejected configuration value; `where` names the field, file or environment variable. */
export class ConfigError extends Error {
  readonly where: string;
  constructor(where: string, message: string) {
    super(`invalid configuration ${where}: ${message}`);
    this.name = 'ConfigError';
    this.where = where;
  }
}
