import type { CliIo } from './cli-io';

export type OutputFormat = 'text' | 'json';

/** A cell of a table or a value of a key: value line; empty, null and undefined print as "-". */
export type Cell = string | number | boolean | null | undefined;

export function cell(value: Cell): string {
  if (value === undefined || value === null || value === '') return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Writes command results: the API's JSON with `-o json`, aligned text otherwise. */
export class Output {
  constructor(
    private readonly io: Pick<CliIo, 'stdout' | 'stderr'>,
    readonly format: OutputFormat,
  ) {}

  get json(): boolean {
    return this.format === 'json';
  }

  /** Prints `response` as JSON with -o json, else runs `text`. */
  result(response: unknown, text: () => void): void {
    if (this.json) this.printJson(response ?? {});
    else text();
  }

  printJson(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** A message for the human, not the result (stderr, so that stdout stays parseable). */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** Columns separated by at least two spaces, headers in capitals; a note on stderr when empty. */
  table(headers: string[], rows: Cell[][], empty: string): void {
    if (rows.length === 0) {
      this.note(empty);
      return;
    }
    const text = rows.map((r) => r.map(cell));
    const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i].length)));
    const render = (cols: string[]) =>
      cols
        .map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    this.line(render(headers.map((h) => h.toUpperCase())));
    for (const r of text) this.line(render(r));
  }

  /** `key: value` lines, values aligned. */
  fields(pairs: Array<[string, Cell]>): void {
    const width = Math.max(...pairs.map(([k]) => k.length)) + 1;
    for (const [k, v] of pairs) this.line(`${`${k}:`.padEnd(width)} ${cell(v)}`);
  }
}
