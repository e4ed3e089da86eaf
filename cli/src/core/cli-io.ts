/** A readable stdin as the CLI needs it (process.stdin, or a stream in tests). */
export type CliStdin = NodeJS.ReadableStream & {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
};

/** Everything the CLI reads from or writes to its environment, so tests can provide their own. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: CliStdin;
  env: Record<string, string | undefined>;
  homedir: string;
  hostname: string;
  fetch: typeof fetch;
}
