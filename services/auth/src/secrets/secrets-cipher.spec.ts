import { BerthError, ErrorCode } from '@berth/errors';
import { randomBytes } from 'node:crypto';
import { SecretsCipher } from './secrets-cipher';
import { decodeSecretsKey } from './secrets-key';

const key = decodeSecretsKey(randomBytes(32).toString('base64'));
const cipher = new SecretsCipher(key);

function flip(buffer: Buffer, index: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] ^= 0x01;
  return copy;
}

describe('SecretsCipher', () => {
  it('round-trips a secret, with a fresh nonce each time and no plaintext in the ciphertext', () => {
    const secret = 'bsat_0123456789abcdef_p4ssw0rd-with-ünicode';
    const a = cipher.seal(secret, 'pull-secret:1');
    const b = cipher.seal(secret, 'pull-secret:1');
    expect(a.keyId).toBe(key.id);
    expect(a.sealed.equals(b.sealed)).toBe(false);
    expect(a.sealed.subarray(0, 12).equals(b.sealed.subarray(0, 12))).toBe(false);
    expect(a.sealed.toString('latin1')).not.toContain('p4ssw0rd');
    expect(a.sealed.length).toBe(12 + Buffer.byteLength(secret) + 16);
    expect(cipher.open(a, 'pull-secret:1')).toBe(secret);
    expect(cipher.open(b, 'pull-secret:1')).toBe(secret);
  });

  it('round-trips an empty secret', () => {
    expect(cipher.open(cipher.seal('', 'c'), 'c')).toBe('');
  });

  it.each([
    ['the nonce', 0],
    ['the ciphertext', 14],
    ['the tag', -1],
  ])('detects tampering with %s', (_what, index) => {
    const sealed = cipher.seal('registry-password', 'registry-credential:1');
    const at = index < 0 ? sealed.sealed.length + index : index;
    const tampered = { keyId: sealed.keyId, sealed: flip(sealed.sealed, at) };
    expect(() => cipher.open(tampered, 'registry-credential:1')).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN }),
    );
  });

  it('refuses a ciphertext moved to another context, truncated, or sealed with an unknown key', () => {
    const sealed = cipher.seal('registry-password', 'registry-credential:1');
    expect(() => cipher.open(sealed, 'registry-credential:2')).toThrow(BerthError);
    expect(() =>
      cipher.open({ keyId: sealed.keyId, sealed: sealed.sealed.subarray(0, 20) }, 'registry-credential:1'),
    ).toThrow(BerthError);
    expect(() => cipher.open({ ...sealed, keyId: 'k1-0000000000000000' }, 'registry-credential:1')).toThrow(
      /key this server does not hold/,
    );
    const otherKey = new SecretsCipher(decodeSecretsKey(randomBytes(32).toString('hex')));
    expect(() => otherKey.open(sealed, 'registry-credential:1')).toThrow(BerthError);
  });

  it('never puts the secret in its errors', () => {
    const sealed = cipher.seal('hunter2-very-secret', 'c');
    try {
      cipher.open(sealed, 'other');
      throw new Error('expected a failure');
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('hunter2');
    }
  });

  it('opens secrets sealed with a previous key after a rotation, and seals with the current one', () => {
    const next = decodeSecretsKey(randomBytes(32).toString('base64url'));
    const rotated = new SecretsCipher(next, [key]);
    const old = cipher.seal('old-secret', 'c');
    expect(rotated.open(old, 'c')).toBe('old-secret');
    expect(rotated.seal('new', 'c').keyId).toBe(next.id);
    expect(rotated.keyId).not.toBe(key.id);
  });
});

describe('decodeSecretsKey', () => {
  const material = randomBytes(32);

  it.each([
    ['hex', material.toString('hex')],
    ['upper-case hex', material.toString('hex').toUpperCase()],
    ['base64', material.toString('base64')],
    ['base64url', material.toString('base64url')],
    ['base64 with surrounding whitespace', `  ${material.toString('base64')}\n`],
  ])('reads %s', (_form, encoded) => {
    const decoded = decodeSecretsKey(encoded);
    expect(decoded.material.equals(material)).toBe(true);
    expect(decoded.id).toMatch(/^k1-[0-9a-f]{16}$/);
  });

  it('gives the same key the same id, and different keys different ids', () => {
    expect(decodeSecretsKey(material.toString('hex')).id).toBe(
      decodeSecretsKey(material.toString('base64')).id,
    );
    expect(decodeSecretsKey(randomBytes(32).toString('hex')).id).not.toBe(
      decodeSecretsKey(material.toString('hex')).id,
    );
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['31 bytes of hex', randomBytes(31).toString('hex')],
    ['48 bytes', randomBytes(48).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['empty', ''],
  ])('rejects %s without repeating the value', (_what, encoded) => {
    let message = '';
    try {
      decodeSecretsKey(encoded);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/BERTH_SECRETS_KEY must be 32 random bytes/);
    if (encoded) expect(message).not.toContain(encoded);
  });
});
