import { FakeRegistry } from '../testing/fake-registry';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

describe('berth signing-key rotate', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);
  const rotated = {
    keyId: 'k2',
    retiredKeyIds: ['k1'],
    retiredKeysExpireAt: '2026-11-22T16:10:00.000Z',
  };

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it('POSTs the rotation and prints the new and retired keys', async () => {
    registry.on('POST', '/api/v1/signing-keys/rotate', { body: rotated });
    const r = await runBerth(['signing-key', 'rotate'], { home });
    expect(sent()).toEqual([['POST', '/api/v1/signing-keys/rotate', {}]]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('k2');
    expect(r.stdout).toContain('k1');
    expect(r.stdout).toContain('2026-11-22T16:10:00.000Z');
  });

  it('prints the API response with -o json', async () => {
    registry.on('POST', '/api/v1/signing-keys/rotate', { body: rotated });
    const r = await runBerth(['signing-key', 'rotate', '-o', 'json'], { home });
    expect(JSON.parse(r.stdout)).toEqual(rotated);
  });

  it('reports a refusal in one line', async () => {
    registry.on('POST', '/api/v1/signing-keys/rotate', {
      status: 403,
      body: { errors: [{ code: 'DENIED', message: 'only registry administrators may do this' }] },
    });
    const r = await runBerth(['signing-key', 'rotate'], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('berth: only registry administrators may do this (DENIED)\n');
  });
});
