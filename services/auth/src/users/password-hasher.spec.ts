import { DEFAULT_SCRYPT_PARAMS, PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const fast = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

  it('hashes with the default cost (N=2^15, r=8, p=1) and verifies', async () => {
    const hasher = new PasswordHasher();
    const encoded = await hasher.hash('correct horse');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await hasher.verify('correct horse', encoded)).toBe(true);
    expect(await hasher.verify('correct horsE', encoded)).toBe(false);
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([fast.hash('pw'), fast.hash('pw')]);
    expect(a).not.toBe(b);
    expect(await fast.verify('pw', a)).toBe(true);
    expect(await fast.verify('pw', b)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, not its own', async () => {
    const encoded = await fast.hash('pw');
    expect(await new PasswordHasher().verify('pw', encoded)).toBe(true);
    expect(new PasswordHasher().needsRehash(encoded)).toBe(true);
    expect(fast.needsRehash(encoded)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['other scheme', 'bcrypt$2b$10$abc'],
    [
      'N not a power of two',
      'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    ],
    [
      'N too large',
      `scrypt$${2 ** 24}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`,
    ],
    ['hash too short', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA'],
  ])('answers false for an unreadable hash (%s)', async (_why, encoded) => {
    expect(await fast.verify('pw', encoded)).toBe(false);
  });

  it('treats composed and decomposed Unicode passwords alike', async () => {
    const encoded = await fast.hash('caf\u00e9');
    expect(await fast.verify('cafe\u0301', encoded)).toBe(true);
  });

  it('refuses invalid parameters', () => {
    expect(() => new PasswordHasher({ N: 1000, r: 8, p: 1 })).toThrow('invalid scrypt parameters');
  });
});
