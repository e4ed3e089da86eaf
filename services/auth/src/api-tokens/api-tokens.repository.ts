import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource } from 'typeorm';
import { IDENTITY_TABLES as T } from '../users/sql';
import type { User } from '../users/user';
import { MAX_API_TOKENS_PER_USER, type ApiToken } from './api-token';

export interface NewApiToken {
  id: string;
  userId: string;
  name: string;
  secretSha256: Buffer;
  createdAt: Date;
  expiresAt: Date | null;
}

/** A token with what authentication needs: its hash and its owner. */
export interface TokenForAuthentication {
  token: ApiToken;
  secretSha256: Buffer;
  owner: User;
}

export type CreateResult = { token: ApiToken } | 'name-taken' | 'too-many';

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS = `t."id", t."user_id", t."name", t."created_at", t."expires_at", t."last_used_at", t."revoked_at"`;

@Injectable()
export class ApiTokensRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** The token with id `id`, its hash and its owner (with groups), in one round trip. */
  async findForAuthentication(id: string): Promise<TokenForAuthentication | null> {
    const { rows } = await runSql<
      TokenRow & {
        secret_sha256: Buffer;
        username: string;
        is_admin: boolean;
        disabled: boolean;
        user_created_at: Date;
        user_updated_at: Date;
        groups: string[];
      }
    >(
      this.ds.manager,
      `SELECT ${TOKEN_COLUMNS}, t."secret_sha256", u."username", u."is_admin", u."disabled",
              u."created_at" AS "user_created_at", u."updated_at" AS "user_updated_at",
              ARRAY(SELECT g."name" FROM ${T.userGroupMembers} m JOIN ${T.userGroups} g ON g."id" = m."group_id"
                     WHERE m."user_id" = u."id" ORDER BY g."name") AS "groups"
         FROM ${T.apiTokens} t JOIN ${T.users} u ON u."id" = t."user_id"
        WHERE t."id" = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      token: toToken(row),
      secretSha256: row.secret_sha256,
      owner: {
        id: row.user_id,
        username: row.username,
        isAdmin: row.is_admin,
        disabled: row.disabled,
        createdAt: row.user_created_at,
        updatedAt: row.user_updated_at,
        groups: row.groups ?? [],
      },
    };
  }

  /**
   * Inserts a token. A revoked or expired token of the same name is replaced (so a name can be
   * reused, e.g. by `berth login` on the same host); an active one makes it 'name-taken'. The
   * owner's row is locked meanwhile so the per-user limit holds under concurrency.
   */
  async create(token: NewApiToken): Promise<CreateResult> {
    return this.ds.transaction(async (manager) => {
      await runSql(manager, `SELECT 1 FROM ${T.users} WHERE "id" = $1 FOR UPDATE`, [token.userId]);
      await runSql(
        manager,
        `DELETE FROM ${T.apiTokens}
          WHERE "user_id" = $1 AND "name" = $2 AND ("revoked_at" IS NOT NULL OR "expires_at" <= $3)`,
        [token.userId, token.name, token.createdAt],
      );
      const existing = await runSql<{ n: number; taken: boolean }>(
        manager,
        `SELECT count(*)::int AS "n", bool_or("name" = $2) AS "taken" FROM ${T.apiTokens} WHERE "user_id" = $1`,
        [token.userId, token.name],
      );
      if (existing.rows[0].taken) return 'name-taken';
      if (existing.rows[0].n >= MAX_API_TOKENS_PER_USER) return 'too-many';
      const inserted = await runSql<TokenRow>(
        manager,
        `INSERT INTO ${T.apiTokens} AS t ("id", "user_id", "name", "secret_sha256", "created_at", "expires_at")
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TOKEN_COLUMNS}`,
        [token.id, token.userId, token.name, token.secretSha256, token.createdAt, token.expiresAt],
      );
      return { token: toToken(inserted.rows[0]) };
    });
  }

  async listByUser(userId: string): Promise<ApiToken[]> {
    const { rows } = await runSql<TokenRow>(
      this.ds.manager,
      `SELECT ${TOKEN_COLUMNS} FROM ${T.apiTokens} t WHERE t."user_id" = $1 ORDER BY t."name" COLLATE "C"`,
      [userId],
    );
    return rows.map(toToken);
  }

  /**
   * Revokes the user's token `name` at `now`. 'revoked' when this call revoked it, 'already'
   * when it was revoked before, 'not-found' when the user has no token of that name.
   */
  async revoke(userId: string, name: string, now: Date): Promise<'revoked' | 'already' | 'not-found'> {
    const { rows } = await runSql<{ was_revoked: boolean }>(
      this.ds.manager,
      `UPDATE ${T.apiTokens} AS t SET "revoked_at" = COALESCE(old."revoked_at", $3)
         FROM (SELECT "id", "revoked_at" FROM ${T.apiTokens}
                WHERE "user_id" = $1 AND "name" = $2 FOR UPDATE) AS old
        WHERE t."id" = old."id"
        RETURNING old."revoked_at" IS NOT NULL AS "was_revoked"`,
      [userId, name, now],
    );
    if (!rows[0]) return 'not-found';
    return rows[0].was_revoked ? 'already' : 'revoked';
  }

  /** Records a use at `now` unless one was recorded less than `resolutionMs` before. */
  async touch(id: string, now: Date, resolutionMs: number): Promise<void> {
    await runSql(
      this.ds.manager,
      `UPDATE ${T.apiTokens} SET "last_used_at" = $2
        WHERE "id" = $1 AND ("last_used_at" IS NULL OR "last_used_at" <= $3)`,
      [id, now, new Date(now.getTime() - resolutionMs)],
    );
  }
}

function toToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
