import { createHash } from 'node:crypto';
import {
  apiTokenIdOf,
  apiTokenSecretMatches,
  generateApiTokenSecret,
  hashApiTokenSecret,
} from './api-token-secret';

describe('API token secrets', () => {
  it('look like bpat_<16 hex>_<43 base64url> and carry 256 random bits', () => {
    const { id, secret } = generateApiTokenSecret();
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(secret).toMatch(/^bpat_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`bpat_${id}_`)).toBe(true);
    expect(Buffer.from(secret.slice(22), 'base64url')).toHaveLength(32);
  });

  it('are never the same twice', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => generateApiTokenSecret().secret));
    expect(secrets.size).toBe(200);
  });

  it('give back their id, even when the random part holds "_" or "-"', () => {
    const { id, secret } = generateApiTokenSecret();
    expect(apiTokenIdOf(secret)).toBe(id);
    expect(apiTokenIdOf(`bpat_0123456789abcdef_${'_-'.repeat(21)}a`)).toBe('0123456789abcdef');
  });

  it.each([
    ['a password', 'correct horse battery'],
    ['no random part', 'bpat_0123456789abcdef'],
    ['short random part', `bpat_0123456789abcdef_${'a'.repeat(42)}`],
    ['long random part', `bpat_0123456789abcdef_${'a'.repeat(44)}`],
    ['upper-case id', `bpat_0123456789ABCDEF_${'a'.repeat(43)}`],
    ['short id', `bpat_0123456789abcde_${'a'.repeat(43)}`],
    ['a pull-secret token', `bsat_0123456789abcdef_${'a'.repeat(43)}`],
    ['trailing space', `bpat_0123456789abcdef_${'a'.repeat(43)} `],
  ])('are not recognised in %s', (_why, secret) => {
    expect(apiTokenIdOf(secret)).toBeNull();
  });

  it('are stored as their SHA-256 and compared to it', () => {
    const { secret } = generateApiTokenSecret();
    const stored = hashApiTokenSecret(secret);
    expect(stored).toEqual(createHash('sha256').update(secret).digest());
    expect(apiTokenSecretMatches(secret, stored)).toBe(true);
    expect(apiTokenSecretMatches(`${secret.slice(0, -1)}x`, stored)).toBe(secret.endsWith('x'));
    expect(apiTokenSecretMatches(secret, stored.subarray(0, 16))).toBe(false);
  });
});
