import * as readline from 'node:readline';
import { CliError } from './cli-error';
import type { CliIo, CliStdin } from './cli-io';

/**
 * Questions on stderr, answers from stdin: on a terminal one line each, the secret ones without
 * echo; from a pipe, one line per question. `readAll` is for `--password-stdin`.
 */
export class Prompter {
  private lines?: AsyncIterator<string>;
  private rl?: readline.Interface;

  constructor(private readonly io: Pick<CliIo, 'stdin' | 'stderr'>) {}

  get interactive(): boolean {
    return this.io.stdin.isTTY === true && typeof this.io.stdin.setRawMode === 'function';
  }

  async ask(question: string): Promise<string> {
    this.io.stderr.write(question);
    return this.interactive ? this.readTerminal(false) : this.nextLine(question);
  }

  async askSecret(question: string): Promise<string> {
    this.io.stderr.write(question);
    return this.interactive ? this.readTerminal(true) : this.nextLine(question);
  }

  /** All of stdin, without one trailing newline (docker's --password-stdin). */
  async readAll(what: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const text = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (text === '') throw new CliError(`no ${what} on standard input`);
    return text;
  }

  close(): void {
    this.rl?.close();
  }

  private async nextLine(question: string): Promise<string> {
    if (!this.lines) {
      this.rl = readline.createInterface({ input: this.io.stdin, terminal: false, crlfDelay: Infinity });
      this.lines = this.rl[Symbol.asyncIterator]();
    }
    const next = await this.lines.next();
    if (next.done) {
      this.io.stderr.write('\n');
      throw new CliError(`no answer to "${question.replace(/:\s*$/, '')}" on standard input`);
    }
    return next.value;
  }

  /** One line from a terminal in raw mode: Enter ends, Backspace deletes, Ctrl-C and Ctrl-D abort. */
  private readTerminal(hidden: boolean): Promise<string> {
    const stdin: CliStdin = this.io.stdin;
    return new Promise<string>((resolve, reject) => {
      let answer = '';
      const finish = (err?: CliError) => {
        stdin.removeListener('data', onData);
        stdin.setRawMode?.(false);
        stdin.pause();
        this.io.stderr.write('\n');
        if (err) reject(err);
        else resolve(answer);
      };
      const onData = (data: Buffer | string) => {
        for (const ch of Buffer.isBuffer(data) ? data.toString('utf8') : data) {
          if (ch === '\r' || ch === '\n') return finish();
          if (ch === '\u0003') return finish(new CliError('interrupted', 130));
          if (ch === '\u0004') {
            if (answer === '') return finish(new CliError('no answer (end of input)'));
            continue;
          }
          if (ch === '\u007f' || ch === '\b') {
            if (answer.length > 0) {
              answer = answer.slice(0, -1);
              if (!hidden) this.io.stderr.write('\b \b');
            }
            continue;
          }
          if (ch < ' ') continue;
          answer += ch;
          if (!hidden) this.io.stderr.write(ch);
        }
      };
      stdin.setRawMode?.(true);
      stdin.on('data', onData);
      stdin.resume();
    });
  }
}
