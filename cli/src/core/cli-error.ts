/** An error the CLI reports as one line `berth: <message>` on stderr, exiting with exitCode. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command line the CLI cannot run: exit status 2, with a hint to the command's --help. */
export class UsageError extends CliError {
  constructor(message: string, command = '') {
    super(`${message}; see 'berth${command ? ` ${command}` : ''} --help'`, 2);
    this.name = 'UsageError';
  }
}

/** An error answer of the registry: `{"errors":[{"code","message"}]}` with its HTTP status. */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
