import { randomBytes } from 'node:crypto';
import { loadAuthConfig } from '../config/auth.config';

describe('BERTH_SECRETS_KEY in the auth config', () => {
  it('is required', () => {
    expect(() => loadAuthConfig({})).toThrow(/BERTH_SECRETS_KEY is required/);
  });

  it('must be a 32-byte key, and the error never shows it', () => {
    const weak = 'my-weak-passphrase';
    let message = '';
    try {
      loadAuthConfig({ BERTH_SECRETS_KEY: weak });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/BERTH_SECRETS_KEY must be 32 random bytes/);
    expect(message).not.toContain(weak);
  });

  it('accepts base64 and hex keys', () => {
    expect(
      loadAuthConfig({ BERTH_SECRETS_KEY: randomBytes(32).toString('base64') }).BERTH_SECRETS_KEY,
    ).toBeTruthy();
    expect(
      loadAuthConfig({ BERTH_SECRETS_KEY: randomBytes(32).toString('hex') }).BERTH_SECRETS_KEY,
    ).toBeTruthy();
  });
});
