import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { CliStdin } from './cli-io';
import { Prompter } from './prompter';

/** A terminal stand-in: raw mode switchable, keystrokes pushed by the test. */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  setRawMode(raw: boolean) {
    this.raw.push(raw);
    return this;
  }
  resume() {
    return this;
  }
  pause() {
    return this;
  }
  type(keys: string) {
    setImmediate(() => this.emit('data', Buffer.from(keys)));
  }
}

function prompter(stdin: CliStdin) {
  const err = { text: '' };
  return { err, p: new Prompter({ stdin, stderr: { write: (s: string) => (err.text += s) } }) };
}

describe('Prompter', () => {
  it('reads one line per question from a pipe, prompting on stderr', async () => {
    const pipe = new PassThrough();
    pipe.end('alice\nhunter2\r\n');
    const { err, p } = prompter(pipe);
    expect(p.interactive).toBe(false);
    expect(await p.ask('Username: ')).toBe('alice');
    expect(await p.askSecret('Password: ')).toBe('hunter2');
    await expect(p.ask('More: ')).rejects.toThrow('no answer to "More" on standard input');
    expect(err.text).toBe('Username: Password: More: \n');
    p.close();
  });

  it('reads all of stdin without one trailing newline for --password-stdin', async () => {
    const pipe = new PassThrough();
    pipe.end('s3cr3t with spaces \n');
    expect(await prompter(pipe).p.readAll('password')).toBe('s3cr3t with spaces ');
    const empty = new PassThrough();
    empty.end('\n');
    await expect(prompter(empty).p.readAll('password')).rejects.toThrow('no password on standard input');
  });

  it('reads a secret from a terminal in raw mode without echoing it; Backspace deletes', async () => {
    const tty = new FakeTerminal();
    const { err, p } = prompter(tty as unknown as CliStdin);
    expect(p.interactive).toBe(true);
    const answer = p.askSecret('Password: ');
    tty.type('hunter3\u007f2\r');
    expect(await answer).toBe('hunter2');
    expect(err.text).toBe('Password: \n');
    expect(tty.raw).toEqual([true, false]);
    expect(tty.listenerCount('data')).toBe(0);
  });

  it('echoes visible answers on a terminal', async () => {
    const tty = new FakeTerminal();
    const { err, p } = prompter(tty as unknown as CliStdin);
    const answer = p.ask('Username: ');
    tty.type('bob\u007fb\n');
    expect(await answer).toBe('bob');
    expect(err.text).toBe('Username: bob\b \bb\n');
  });

  it('stops on Ctrl-C with exit status 130 and restores the terminal', async () => {
    const tty = new FakeTerminal();
    const { p } = prompter(tty as unknown as CliStdin);
    const answer = p.askSecret('Password: ');
    tty.type('abc\u0003');
    await expect(answer).rejects.toMatchObject({ message: 'interrupted', exitCode: 130 });
    expect(tty.raw).toEqual([true, false]);
  });
});
