import { createHash } from 'node:crypto';
import { UploadStates } from './upload-state';

const sha = (data: string) => createHash('sha256').update(data).digest('hex');
const session = (id: string, repository = 'team/app') => ({
  id,
  repository,
  storageKey: `uploads/${id}/data`,
  startedAt: '',
});

describe('UploadStates', () => {
  it('carries the sha256 across chunks', () => {
    const states = new UploadStates();
    const h1 = states.hashFrom('u', 0);
    h1?.update('hello ');
    states.update('u', h1!, 6);
    const h2 = states.hashFrom('u', 6);
    h2?.update('world');
    states.update('u', h2!, 11);
    expect(states.sha256Hex('u', 11)).toBe(sha('hello world'));
    // Reading the digest does not finalize the running hash.
    expect(states.sha256Hex('u', 11)).toBe(sha('hello world'));
  });

  it('does not let a failed append corrupt the state', () => {
    const states = new UploadStates();
    const h1 = states.hashFrom('u', 0)!;
    h1.update('abc');
    states.update('u', h1, 3);
    const failed = states.hashFrom('u', 3)!;
    failed.update('garbage that never reached storage');
    expect(states.sha256Hex('u', 3)).toBe(sha('abc'));
  });

  it('knows the size it appended, unchanged by a failed append, from an upload it began', () => {
    const states = new UploadStates();
    expect(states.sizeOf('u')).toBeUndefined();
    states.begin('u');
    expect([states.sizeOf('u'), states.sha256Hex('u', 0)]).toEqual([0, sha('')]);
    const h1 = states.hashFrom('u', 0)!;
    h1.update('abc');
    states.update('u', h1, 3);
    states.hashFrom('u', 3)!.update('never stored');
    expect(states.sizeOf('u')).toBe(3);
    states.forget('u');
    expect(states.sizeOf('u')).toBeUndefined();
  });

  it('knows nothing when another replica wrote earlier bytes', () => {
    const states = new UploadStates();
    expect(states.hashFrom('u', 10)).toBeUndefined();
    const h = states.hashFrom('u', 0)!;
    h.update('abc');
    states.update('u', h, 3);
    expect(states.hashFrom('u', 7)).toBeUndefined();
    expect(states.sha256Hex('u', 3)).toBeUndefined();
    expect(states.sha256Hex('u', 0)).toBe(sha(''));
  });

  it('evicts the least recently updated states', () => {
    const states = new UploadStates(2);
    for (const id of ['a', 'b', 'c']) states.update(id, states.hashFrom(id, 0)!, 0);
    expect(states.size).toBe(2);
    expect(states.hashFrom('a', 5)).toBeUndefined();
  });

  it('serialises the operations on one upload', async () => {
    const states = new UploadStates();
    const order: string[] = [];
    const slow = states.exclusive('u', async () => {
      order.push('first:start');
      await new Promise((r) => setTimeout(r, 20));
      order.push('first:end');
    });
    const fast = states.exclusive('u', async () => {
      order.push('second');
    });
    const other = states.exclusive('v', async () => {
      order.push('other');
    });
    await Promise.all([slow, fast, other]);
    expect(order.indexOf('second')).toBeGreaterThan(order.indexOf('first:end'));
    expect(order.indexOf('other')).toBeLessThan(order.indexOf('first:end'));
  });

  it('releases the lock when the operation fails', async () => {
    const states = new UploadStates();
    await expect(states.exclusive('u', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(states.exclusive('u', async () => 'ok')).resolves.toBe('ok');
  });

  it('remembers sessions for a while, per repository', () => {
    let now = 0;
    const states = new UploadStates(10, () => now);
    states.rememberSession(session('u'));
    expect(states.knownSession('team/app', 'u')?.id).toBe('u');
    expect(states.knownSession('team/other', 'u')).toBeUndefined();
    states.rememberSession(session('u'));
    now += 60_000;
    expect(states.knownSession('team/app', 'u')).toBeUndefined();
    states.rememberSession(session('w'));
    states.forget('w');
    expect(states.knownSession('team/app', 'w')).toBeUndefined();
  });
});
