import { hashPullSecret, newPullSecret, pullSecretIdOf, pullSecretMatches } from './pull-secret-token';

describe('pull-secret tokens', () => {
  it('look like bsat_<id>_<random> and are unique', () => {
    const a = newPullSecret();
    const b = newPullSecret();
    expect(a.token).toMatch(/^bsat_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(a.token.startsWith(`bsat_${a.id}_`)).toBe(true);
    expect(a.id).not.toBe(b.id);
    expect(a.token).not.toBe(b.token);
  });

  it('carry their id, even when the random part contains underscores', () => {
    const id = '0123456789abcdef';
    expect(pullSecretIdOf(`bsat_${id}_${'_'.repeat(43)}`)).toBe(id);
    expect(pullSecretIdOf(newPullSecret().token)).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    '',
    'password',
    'bpat_0123456789abcdef_' + 'a'.repeat(43),
    'bsat_0123_' + 'a'.repeat(43),
    'bsat_0123456789abcdef_short',
  ])('do not mistake %j for a token', (text) => {
    expect(pullSecretIdOf(text)).toBeNull();
  });

  it('verify against the stored SHA-256 only with the exact token', () => {
    const { token, hash } = newPullSecret();
    expect(hash.equals(hashPullSecret(token))).toBe(true);
    expect(pullSecretMatches(token, hash)).toBe(true);
    expect(pullSecretMatches(token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a'), hash)).toBe(false);
    expect(pullSecretMatches(token, Buffer.alloc(0))).toBe(false);
  });
});
