import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { IDENTITY_TABLES as T } from './sql';
import type { User, UserWithCredentials } from './user';

export interface NewUser {
  username: string;
  passwordHash: string;
  isAdmin: boolean;
}

export interface UserFlags {
  disabled?: boolean;
  isAdmin?: boolean;
}

export type FlagsUpdate = { user: User } | 'not-found' | 'last-admin';

// Serialises changes that could leave no enabled administrator, across replicas.
const ADMINS_LOCK_ID = BigInt.asIntN(
  64,
  BigInt('0x' + createHash('sha256').update('berth-auth-enabled-admins').digest('hex').slice(0, 16)),
).toString();

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  is_admin: boolean;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
  groups: string[];
}

const USER_COLUMNS = `u."id", u."username", u."password_hash", u."is_admin", u."disabled", u."created_at", u."updated_at",
  ARRAY(SELECT g."name" FROM ${T.userGroupMembers} m JOIN ${T.userGroups} g ON g."id" = m."group_id"
         WHERE m."user_id" = u."id" ORDER BY g."name") AS "groups"`;

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** The user with its groups and password hash; one round trip. */
  async findByUsername(username: string): Promise<UserWithCredentials | null> {
    const { rows } = await runSql<UserRow>(
      this.ds.manager,
      `SELECT ${USER_COLUMNS} FROM ${T.users} u WHERE u."username" = $1`,
      [username],
    );
    return rows[0] ? withCredentials(rows[0]) : null;
  }

  async exists(username: string): Promise<boolean> {
    const { rows } = await runSql(this.ds.manager, `SELECT 1 FROM ${T.users} WHERE "username" = $1`, [
      username,
    ]);
    return rows.length > 0;
  }

  /** Inserts the user unless the username is taken; the new user, or null when taken. */
  async insertIfAbsent(user: NewUser): Promise<User | null> {
    const { rows } = await runSql<UserRow>(
      this.ds.manager,
      `INSERT INTO ${T.users} AS u ("username", "password_hash", "is_admin") VALUES ($1, $2, $3)
       ON CONFLICT ("username") DO NOTHING
       RETURNING ${USER_COLUMNS}`,
      [user.username, user.passwordHash, user.isAdmin],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** At most `limit` users whose names sort strictly after `last`, in lexical (byte) order. */
  async list(limit: number, last: string | undefined): Promise<User[]> {
    const { rows } = await runSql<UserRow>(
      this.ds.manager,
      `SELECT ${USER_COLUMNS} FROM ${T.users} u
        WHERE ($1::text IS NULL OR u."username" COLLATE "C" > $1::text COLLATE "C")
        ORDER BY u."username" COLLATE "C" LIMIT $2`,
      [last ?? null, limit],
    );
    return rows.map(toUser);
  }

  /**
   * Changes `disabled` and/or `is_admin`, refusing ('last-admin') when that would leave no
   * enabled administrator. Serialised across replicas by an advisory lock, so two
   * administrators demoting each other at once cannot both succeed.
   */
  async updateFlags(username: string, flags: UserFlags): Promise<FlagsUpdate> {
    return this.ds.transaction(async (manager) => {
      await runSql(manager, 'SELECT pg_advisory_xact_lock($1)', [ADMINS_LOCK_ID]);
      const { rows } = await runSql<{ id: string; is_admin: boolean; disabled: boolean }>(
        manager,
        `SELECT "id", "is_admin", "disabled" FROM ${T.users} WHERE "username" = $1 FOR UPDATE`,
        [username],
      );
      const before = rows[0];
      if (!before) return 'not-found';
      const isAdmin = flags.isAdmin ?? before.is_admin;
      const disabled = flags.disabled ?? before.disabled;
      if (before.is_admin && !before.disabled && !(isAdmin && !disabled)) {
        const others = await runSql<{ n: number }>(
          manager,
          `SELECT count(*)::int AS "n" FROM ${T.users} WHERE "is_admin" AND NOT "disabled" AND "id" <> $1`,
          [before.id],
        );
        if (others.rows[0].n === 0) return 'last-admin';
      }
      const updated = await runSql<UserRow>(
        manager,
        `UPDATE ${T.users} AS u SET "is_admin" = $2, "disabled" = $3, "updated_at" = now()
          WHERE u."id" = $1 RETURNING ${USER_COLUMNS}`,
        [before.id, isAdmin, disabled],
      );
      return { user: toUser(updated.rows[0]) };
    });
  }

  /** Replaces the password hash; false when the user does not exist. */
  async setPasswordHash(username: string, passwordHash: string): Promise<boolean> {
    const { affected } = await runSql(
      this.ds.manager,
      `UPDATE ${T.users} SET "password_hash" = $2, "updated_at" = now() WHERE "username" = $1`,
      [username, passwordHash],
    );
    return affected > 0;
  }

  /**
   * Replaces the password hash and revokes every API token of the user that is not revoked yet,
   * in one statement (an administrator's reset); null when the user does not exist.
   */
  async resetPassword(username: string, passwordHash: string): Promise<{ apiTokensRevoked: number } | null> {
    const { rows } = await runSql<{ found: boolean; revoked: number }>(
      this.ds.manager,
      `WITH u AS (
         UPDATE ${T.users} SET "password_hash" = $2, "updated_at" = now() WHERE "username" = $1 RETURNING "id"),
       r AS (
         UPDATE ${T.apiTokens} t SET "revoked_at" = now() FROM u
          WHERE t."user_id" = u."id" AND t."revoked_at" IS NULL RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM u) AS "found", (SELECT count(*) FROM r)::int AS "revoked"`,
      [username, passwordHash],
    );
    return rows[0]?.found ? { apiTokensRevoked: rows[0].revoked } : null;
  }
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    isAdmin: row.is_admin,
    disabled: row.disabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    groups: row.groups ?? [],
  };
}

function withCredentials(row: UserRow): UserWithCredentials {
  return { ...toUser(row), passwordHash: row.password_hash };
}
