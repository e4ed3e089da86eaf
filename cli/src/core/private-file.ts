import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file only its owner may read (0600), replacing it atomically (temp file + rename in
 * the same folder; through a symlink, the link's target is replaced). Folders that do not exist
 * yet are created 0700; existing folders are left as they are.
 */
export function writePrivateFile(file: string, content: string): void {
  let target = path.resolve(file);
  if (isSymlink(target)) target = fs.realpathSync(target);
  mkdirPrivate(path.dirname(target));
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** mkdir -p, each folder it creates 0700. */
export function mkdirPrivate(dir: string): void {
  if (fs.existsSync(dir)) return;
  mkdirPrivate(path.dirname(dir));
  fs.mkdirSync(dir, { mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** The file's text, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
