import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { IDENTITY_TABLES as T } from '../users/sql';
import type { Group } from './group';

interface GroupRow {
  name: string;
  created_at: Date;
  members: string[];
}

const GROUP_COLUMNS = `g."name", g."created_at",
  ARRAY(SELECT u."username" FROM ${T.userGroupMembers} m JOIN ${T.users} u ON u."id" = m."user_id"
         WHERE m."group_id" = g."id" ORDER BY u."username" COLLATE "C") AS "members"`;

export type MembershipChange = 'changed' | 'unchanged' | 'no-group' | 'no-user';

@Injectable()
export class GroupsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Creates the group; null when the name is taken. */
  async create(name: string): Promise<Group | null> {
    const { rows } = await runSql<GroupRow>(
      this.ds.manager,
      `INSERT INTO ${T.userGroups} AS g ("name") VALUES ($1) ON CONFLICT ("name") DO NOTHING RETURNING ${GROUP_COLUMNS}`,
      [name],
    );
    return rows[0] ? toGroup(rows[0]) : null;
  }

  async findByName(name: string): Promise<Group | null> {
    const { rows } = await runSql<GroupRow>(
      this.ds.manager,
      `SELECT ${GROUP_COLUMNS} FROM ${T.userGroups} g WHERE g."name" = $1`,
      [name],
    );
    return rows[0] ? toGroup(rows[0]) : null;
  }

  async list(): Promise<Group[]> {
    const { rows } = await runSql<GroupRow>(
      this.ds.manager,
      `SELECT ${GROUP_COLUMNS} FROM ${T.userGroups} g ORDER BY g."name" COLLATE "C"`,
    );
    return rows.map(toGroup);
  }

  /**
   * Deletes the group and its memberships in one transaction that first locks the group's row
   * and runs `before` (e.g. forgetting what refers to the group) with it: either all of it
   * happens or none, and nothing can be added to the group meanwhile. False when the group does
   * not exist (then `before` is not run).
   */
  async delete(name: string, before: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    return this.ds.transaction(async (manager) => {
      const { rows } = await runSql<{ id: string }>(
        manager,
        `SELECT "id" FROM ${T.userGroups} WHERE "name" = $1 FOR UPDATE`,
        [name],
      );
      if (!rows[0]) return false;
      await before(manager);
      await runSql(manager, `DELETE FROM ${T.userGroups} WHERE "id" = $1`, [rows[0].id]);
      return true;
    });
  }

  /** Adds `username` to `group`: 'unchanged' when already a member. */
  async addMember(group: string, username: string): Promise<MembershipChange> {
    const { rows } = await runSql<{ group_id: string | null; user_id: string | null; changed: boolean }>(
      this.ds.manager,
      `WITH g AS (SELECT "id" FROM ${T.userGroups} WHERE "name" = $1),
            u AS (SELECT "id" FROM ${T.users} WHERE "username" = $2),
            ins AS (
              INSERT INTO ${T.userGroupMembers} ("group_id", "user_id")
              SELECT g."id", u."id" FROM g, u
              ON CONFLICT ("group_id", "user_id") DO NOTHING
              RETURNING 1)
       SELECT (SELECT "id" FROM g) AS "group_id", (SELECT "id" FROM u) AS "user_id",
              EXISTS (SELECT 1 FROM ins) AS "changed"`,
      [group, username],
    );
    return membershipOutcome(rows[0]);
  }

  /** Removes `username` from `group`: 'unchanged' when it was not a member. */
  async removeMember(group: string, username: string): Promise<MembershipChange> {
    const { rows } = await runSql<{ group_id: string | null; user_id: string | null; changed: boolean }>(
      this.ds.manager,
      `WITH g AS (SELECT "id" FROM ${T.userGroups} WHERE "name" = $1),
            u AS (SELECT "id" FROM ${T.users} WHERE "username" = $2),
            del AS (
              DELETE FROM ${T.userGroupMembers} m USING g, u
               WHERE m."group_id" = g."id" AND m."user_id" = u."id"
              RETURNING 1)
       SELECT (SELECT "id" FROM g) AS "group_id", (SELECT "id" FROM u) AS "user_id",
              EXISTS (SELECT 1 FROM del) AS "changed"`,
      [group, username],
    );
    return membershipOutcome(rows[0]);
  }
}

function membershipOutcome(row: {
  group_id: string | null;
  user_id: string | null;
  changed: boolean;
}): MembershipChange {
  if (row.group_id === null) return 'no-group';
  if (row.user_id === null) return 'no-user';
  return row.changed ? 'changed' : 'unchanged';
}

function toGroup(row: GroupRow): Group {
  return { name: row.name, createdAt: row.created_at, members: row.members ?? [] };
}
