import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import type { ProjectRole } from '../policy/roles';
import type { Subject } from '../policy/subject';

export interface Member {
  subject: Subject;
  role: ProjectRole;
  addedAt: Date;
}

/** Why a membership change did not happen. */
export type MemberChangeRefusal = 'not-member' | 'last-admin';

interface MemberRow {
  subject_kind: 'user' | 'group';
  subject_name: string;
  role: ProjectRole;
  added_at: Date;
}

const COLUMNS = 'subject_kind, subject_name, role, added_at';

/** Data access for project memberships (users and groups with a project role). */
@Injectable()
export class MembersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(projectId: string): Promise<Member[]> {
    const rows: MemberRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "auth"."project_members" WHERE project_id = $1 ORDER BY subject_kind DESC, subject_name`,
      [projectId],
    );
    return rows.map(toMember);
  }

  /** Adds the membership; null when the subject is already a member. */
  /**
   * Adds a member; null when it is one already, or when `lockGroup` is set and the user group it
   * names is gone. With `lockGroup` the group row is share-locked by the same statement, so a
   * concurrent group deletion (which locks the row FOR UPDATE, then forgets every membership
   * naming it) either runs wholly before this insert or sees and removes it.
   */
  async add(
    projectId: string,
    subject: Subject,
    role: ProjectRole,
    lockGroup = false,
  ): Promise<Member | null> {
    const { rows } = await runSql<MemberRow>(
      this.dataSource.manager,
      `WITH "group" AS (SELECT 1 FROM "auth"."user_groups" WHERE name = $3 AND $5::boolean FOR KEY SHARE)
       INSERT INTO "auth"."project_members" (project_id, subject_kind, subject_name, role)
       SELECT $1, $2, $3, $4 WHERE NOT $5::boolean OR EXISTS (SELECT 1 FROM "group")
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [projectId, subject.kind, subject.name, role, lockGroup],
    );
    return rows.length ? toMember(rows[0]) : null;
  }

  /** Changes a member's role, refusing to demote the last admin. */
  async update(
    projectId: string,
    subject: Subject,
    role: ProjectRole,
  ): Promise<Member | MemberChangeRefusal> {
    return this.changeGuarded(projectId, subject, role !== 'admin', async (manager) => {
      const { rows } = await runSql<MemberRow>(
        manager,
        `UPDATE "auth"."project_members" SET role = $4
         WHERE project_id = $1 AND subject_kind = $2 AND subject_name = $3 RETURNING ${COLUMNS}`,
        [projectId, subject.kind, subject.name, role],
      );
      return toMember(rows[0]);
    });
  }

  /** Removes a member, refusing to remove the last admin. */
  async remove(projectId: string, subject: Subject): Promise<true | MemberChangeRefusal> {
    return this.changeGuarded(projectId, subject, true, async (manager) => {
      await manager.query(
        `DELETE FROM "auth"."project_members" WHERE project_id = $1 AND subject_kind = $2 AND subject_name = $3`,
        [projectId, subject.kind, subject.name],
      );
      return true as const;
    });
  }

  /**
   * Runs `change` on an existing membership in a transaction that holds the project row's lock,
   * so two concurrent changes cannot both remove "one of two" admins.
   */
  private async changeGuarded<T>(
    projectId: string,
    subject: Subject,
    dropsAdmin: boolean,
    change: (manager: EntityManager) => Promise<T>,
  ): Promise<T | MemberChangeRefusal> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM "auth"."projects" WHERE id = $1 FOR UPDATE`, [projectId]);
      const current: Array<{ role: ProjectRole; admins: number }> = await manager.query(
        `SELECT role, (SELECT count(*)::int FROM "auth"."project_members" WHERE project_id = $1 AND role = 'admin') AS admins
         FROM "auth"."project_members" WHERE project_id = $1 AND subject_kind = $2 AND subject_name = $3`,
        [projectId, subject.kind, subject.name],
      );
      if (current.length === 0) return 'not-member';
      if (dropsAdmin && current[0].role === 'admin' && current[0].admins <= 1) return 'last-admin';
      return change(manager);
    });
  }
}

function toMember(row: MemberRow): Member {
  return {
    subject: { kind: row.subject_kind, name: row.subject_name },
    role: row.role,
    addedAt: row.added_at,
  };
}
