import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempHome } from '../testing/run-berth';
import { writePrivateFile } from './private-file';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('writePrivateFile', () => {
  it('creates missing folders 0700 and leaves existing ones alone', () => {
    const home = tempHome();
    fs.chmodSync(home, 0o755);
    const file = path.join(home, 'a', 'b', 'f.json');
    writePrivateFile(file, 'x');
    expect([mode(home), mode(path.join(home, 'a')), mode(path.join(home, 'a', 'b')), mode(file)]).toEqual([
      0o755, 0o700, 0o700, 0o600,
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('replaces the target of a symlink, keeping the link', () => {
    const home = tempHome();
    const real = path.join(home, 'real.json');
    const link = path.join(home, 'link.json');
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(real, link);
    writePrivateFile(link, 'new');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
    expect(fs.readdirSync(home).sort()).toEqual(['link.json', 'real.json']);
  });
});
