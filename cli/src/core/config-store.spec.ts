import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempHome } from '../testing/run-berth';
import { configPath, readConfig, removeConfig, writeConfig } from './config-store';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('config store', () => {
  it('is ~/.berth/config.json unless BERTH_CONFIG says otherwise', () => {
    expect(configPath({}, '/home/alice')).toBe('/home/alice/.berth/config.json');
    expect(configPath({ BERTH_CONFIG: '/etc/berth.json' }, '/home/alice')).toBe('/etc/berth.json');
  });

  it('writes the file 0600 in a new folder 0700, and reads it back', () => {
    const home = tempHome();
    const file = path.join(home, '.berth', 'config.json');
    const config = {
      url: 'https://r.example',
      username: 'alice',
      token: 'bpat_1_x',
      tokenName: 'berth-cli@h',
    };
    writeConfig(file, config);
    expect(mode(path.join(home, '.berth'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(readConfig(file)).toEqual(config);
    expect(fs.readdirSync(path.join(home, '.berth'))).toEqual(['config.json']);
  });

  it('tightens an existing file to 0600 when rewriting it', () => {
    const file = path.join(tempHome(), 'config.json');
    fs.writeFileSync(file, '{}', { mode: 0o644 });
    writeConfig(file, { url: 'https://r', username: 'a', token: 't' });
    expect(mode(file)).toBe(0o600);
  });

  it('is undefined when missing; a clear error when broken', () => {
    const home = tempHome();
    const file = path.join(home, 'config.json');
    expect(readConfig(file)).toBeUndefined();
    fs.writeFileSync(file, '{not json');
    expect(() => readConfig(file)).toThrow(
      `${file} is not valid JSON; remove it or run 'berth login URL' again`,
    );
    fs.writeFileSync(file, '{"url":"https://r"}');
    expect(() => readConfig(file)).toThrow(`${file} lacks url, username or token`);
  });

  it('removes the login', () => {
    const file = path.join(tempHome(), 'config.json');
    writeConfig(file, { url: 'https://r', username: 'a', token: 't' });
    removeConfig(file);
    expect(fs.existsSync(file)).toBe(false);
    expect(() => removeConfig(file)).not.toThrow();
  });
});
