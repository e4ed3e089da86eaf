import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { TOKEN_ALGORITHM } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config';
import { generateSigningKey, type PublishedKey } from './signing-key';
import { SigningKeysRepository } from './signing-keys.repository';

/** How long a replica signs with the key it loaded before checking for a rotation. */
export const ACTIVE_KEY_RELOAD_MS = 30_000;
/**
 * Extra time a retired key keeps verifying beyond one token lifetime: covers a replica
 * still signing with it until its next reload, and the verifiers' 30 s clock leeway.
 */
export const RETIREMENT_GRACE_MS = 2 * ACTIVE_KEY_RELOAD_MS + 60_000;
/** Expired keys are deleted at the next rotation once this long past their expiry. */
const PURGE_AFTER_MS = 24 * 3600_000;

export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface KeyPublication {
  keys: Array<PublishedKey & { algorithm: string }>;
  issuer: string;
  audience: string;
}

export interface RotationResult {
  kid: string;
  retired: string[];
  /** When the retired keys stop verifying. */
  retiredExpireAt: Date;
}

/**
 * Owns the Ed25519 keys that sign access tokens: creates the first at startup,
 * hands the active one to the token service, publishes the public halves, and
 * rotates. A retired key keeps verifying for a token lifetime plus a grace period.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger('SigningKeys');
  private active: (ActiveSigningKey & { loadedAtMs: number }) | undefined;

  constructor(
    private readonly keys: SigningKeysRepository,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (await this.keys.createIfNoActive(() => generateSigningKey(new Date())))
      this.logger.log('created the first signing key');
    const active = await this.activeKey();
    this.logger.log(`signing tokens with key ${active.kid}`);
  }

  /** The key to sign with now (cached; re-read every 30 s so rotations on other replicas are picked up). */
  async activeKey(): Promise<ActiveSigningKey> {
    const now = Date.now();
    if (this.active && now - this.active.loadedAtMs < ACTIVE_KEY_RELOAD_MS) return this.active;
    const key = await this.keys.findActive();
    if (!key) throw new BerthError(ErrorCode.UNAVAILABLE, 'no active signing key');
    const privateKey =
      this.active?.kid === key.kid ? this.active.privateKey : createPrivateKey(key.privateKeyPem);
    this.active = { kid: key.kid, privateKey, loadedAtMs: now };
    return this.active;
  }

  /** The public keys verifiers must accept now, with the token issuer and audience. */
  async publication(): Promise<KeyPublication> {
    const keys = await this.keys.findUnexpired(new Date());
    return {
      keys: keys.map((k) => ({
        kid: k.kid,
        algorithm: TOKEN_ALGORITHM,
        publicKeyPem: k.publicKeyPem,
        expiresAt: k.expiresAt,
      })),
      issuer: this.config.BERTH_TOKEN_ISSUER,
      audience: this.config.BERTH_TOKEN_SERVICE,
    };
  }

  /**
   * Creates a new active key and retires the current one(s). Retired keys keep
   * verifying until now + token lifetime + grace, so tokens already issued stay valid.
   */
  async rotate(): Promise<RotationResult> {
    const now = new Date();
    const retiredExpireAt = new Date(
      now.getTime() + this.config.BERTH_TOKEN_TTL_SECONDS * 1000 + RETIREMENT_GRACE_MS,
    );
    const next = generateSigningKey(now);
    const retired = await this.keys.rotate(
      next,
      now,
      retiredExpireAt,
      new Date(now.getTime() - PURGE_AFTER_MS),
    );
    this.active = {
      kid: next.kid,
      privateKey: createPrivateKey(next.privateKeyPem),
      loadedAtMs: now.getTime(),
    };
    this.logger.log(
      `rotated signing keys: now signing with ${next.kid}; retired ${retired.join(', ') || 'none'} (verifying until ${retiredExpireAt.toISOString()})`,
    );
    return { kid: next.kid, retired, retiredExpireAt };
  }
}
