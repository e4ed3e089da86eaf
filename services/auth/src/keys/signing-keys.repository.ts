import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { SigningKey } from './signing-key';
import { SigningKeyEntity } from './signing-key.entity';

// Serialises key creation and rotation across replicas.
const KEYS_LOCK_ID = BigInt.asIntN(
  64,
  BigInt('0x' + createHash('sha256').update('berth-auth-signing-keys').digest('hex').slice(0, 16)),
).toString();

@Injectable()
export class SigningKeysRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The newest key that is not retired, or null. */
  async findActive(): Promise<SigningKey | null> {
    return this.findActiveWith(this.dataSource.manager);
  }

  /** Keys still accepted at `now`, newest first. */
  async findUnexpired(now: Date): Promise<SigningKey[]> {
    const rows = await this.dataSource
      .getRepository(SigningKeyEntity)
      .createQueryBuilder('k')
      .where('k.expires_at IS NULL OR k.expires_at > :now', { now })
      .orderBy('k.created_at', 'DESC')
      .addOrderBy('k.kid', 'DESC')
      .getMany();
    return rows.map(toSigningKey);
  }

  /** Inserts `create()` unless an active key exists; true when it inserted. */
  async createIfNoActive(create: () => SigningKey): Promise<boolean> {
    return this.locked(async (manager) => {
      if (await this.findActiveWith(manager)) return false;
      await manager.getRepository(SigningKeyEntity).insert(create());
      return true;
    });
  }

  /**
   * Makes `next` the active key: every other non-retired key is retired at
   * `retiresAt` and expires at `expiresAt`; keys that expired before `purgeBefore`
   * are deleted. Returns the kids it retired.
   */
  async rotate(next: SigningKey, retiresAt: Date, expiresAt: Date, purgeBefore: Date): Promise<string[]> {
    return this.locked(async (manager) => {
      const keys = manager.getRepository(SigningKeyEntity);
      const retired: Array<{ kid: string }> = await keys
        .createQueryBuilder()
        .update()
        .set({ retiresAt, expiresAt })
        .where('retires_at IS NULL')
        .returning(['kid'])
        .execute()
        .then((r) => r.raw);
      await keys.insert(next);
      await keys.createQueryBuilder().delete().where('expires_at < :purgeBefore', { purgeBefore }).execute();
      return retired.map((r) => r.kid);
    });
  }

  private async findActiveWith(manager: EntityManager): Promise<SigningKey | null> {
    const row = await manager
      .getRepository(SigningKeyEntity)
      .createQueryBuilder('k')
      .where('k.retires_at IS NULL')
      .orderBy('k.created_at', 'DESC')
      .addOrderBy('k.kid', 'DESC')
      .getOne();
    return row ? toSigningKey(row) : null;
  }

  private locked<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK_ID]);
      return work(manager);
    });
  }
}

function toSigningKey(row: SigningKeyEntity): SigningKey {
  return {
    kid: row.kid,
    privateKeyPem: row.privateKeyPem,
    publicKeyPem: row.publicKeyPem,
    createdAt: row.createdAt,
    retiresAt: row.retiresAt,
    expiresAt: row.expiresAt,
  };
}
