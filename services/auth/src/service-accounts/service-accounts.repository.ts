import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import type { ServiceAccountRecord, ServiceAccountWithSecret, StoredPullSecret } from './service-account';

interface Row {
  id: string;
  project_id: string;
  project: string;
  name: string;
  created_at: Date;
  secret_id: string | null;
  secret_hash: Buffer | null;
  secret_sealed: Buffer | null;
  secret_key_id: string | null;
  secret_created_at: Date | null;
}

const COLUMNS = `sa.id, sa.project_id, p.name AS project, sa.name, sa.created_at, sa.secret_id, sa.secret_hash,
  sa.secret_sealed, sa.secret_key_id, sa.secret_created_at`;
const FROM = `"auth"."service_accounts" sa JOIN "auth"."projects" p ON p.id = sa.project_id`;

/** Data access for service accounts and their pull secrets. */
@Injectable()
export class ServiceAccountsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Inserts a service account with its first pull secret; false when the name is taken. */
  async insert(
    account: { id: string; projectId: string; name: string; secret: StoredPullSecret },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const { secret } = account;
    const { rows } = await runSql(
      manager,
      `INSERT INTO "auth"."service_accounts"
         (id, project_id, name, secret_id, secret_hash, secret_sealed, secret_key_id, secret_created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (project_id, name) DO NOTHING
       RETURNING id`,
      [
        account.id,
        account.projectId,
        account.name,
        secret.id,
        secret.hash,
        secret.sealed,
        secret.keyId,
        secret.createdAt,
      ],
    );
    return rows.length > 0;
  }

  async list(projectId: string): Promise<ServiceAccountRecord[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE sa.project_id = $1 ORDER BY sa.name`,
      [projectId],
    );
    return rows.map((r) => withoutSecret(toAccount(r)));
  }

  /** By project name and account name (logins, token subjects, management). */
  async find(project: string, name: string): Promise<ServiceAccountWithSecret | null> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE p.name = $1 AND sa.name = $2`,
      [project, name],
    );
    return rows.length ? toAccount(rows[0]) : null;
  }

  /** Replaces the pull secret (null revokes it); false when the account does not exist. */
  async setSecret(id: string, secret: StoredPullSecret | null): Promise<boolean> {
    const { affected } = await runSql(
      this.dataSource.manager,
      `UPDATE "auth"."service_accounts"
       SET secret_id = $2, secret_hash = $3, secret_sealed = $4, secret_key_id = $5, secret_created_at = $6
       WHERE id = $1`,
      [
        id,
        secret?.id ?? null,
        secret?.hash ?? null,
        secret?.sealed ?? null,
        secret?.keyId ?? null,
        secret?.createdAt ?? null,
      ],
    );
    return affected > 0;
  }

  /**
   * Deletes the account and every role binding (in any project) that names it, in one
   * transaction; false when it did not exist.
   */
  async delete(projectId: string, project: string, name: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const { affected } = await runSql(
        manager,
        `DELETE FROM "auth"."service_accounts" WHERE project_id = $1 AND name = $2`,
        [projectId, name],
      );
      if (affected === 0) return false;
      await manager.query(
        `DELETE FROM "auth"."role_bindings" WHERE subject_kind = 'serviceaccount' AND subject_name = $1`,
        [`${project}:${name}`],
      );
      return true;
    });
  }
}

function toAccount(r: Row): ServiceAccountWithSecret {
  const secret: StoredPullSecret | null =
    r.secret_id && r.secret_hash && r.secret_sealed && r.secret_key_id && r.secret_created_at
      ? {
          id: r.secret_id,
          hash: r.secret_hash,
          sealed: r.secret_sealed,
          keyId: r.secret_key_id,
          createdAt: r.secret_created_at,
        }
      : null;
  return {
    id: r.id,
    projectId: r.project_id,
    project: r.project,
    name: r.name,
    createdAt: r.created_at,
    secretCreatedAt: secret?.createdAt ?? null,
    secret,
  };
}

function withoutSecret(account: ServiceAccountWithSecret): ServiceAccountRecord {
  const { secret: _secret, ...rest } = account;
  return rest;
}
