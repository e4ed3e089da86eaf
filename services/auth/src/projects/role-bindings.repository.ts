import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource } from 'typeorm';
import type { BindingRole } from '../policy/roles';
import type { Subject, SubjectKind } from '../policy/subject';

export interface RoleBinding {
  project: string;
  role: BindingRole;
  subject: Subject;
  createdAt: Date;
}

interface BindingRow {
  role: BindingRole;
  subject_kind: SubjectKind;
  subject_name: string;
  created_at: Date;
}

const COLUMNS = 'role, subject_kind, subject_name, created_at';

/** Data access for fine-grained role bindings. */
@Injectable()
export class RoleBindingsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(project: { id: string; name: string }, role?: BindingRole): Promise<RoleBinding[]> {
    const rows: BindingRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "auth"."role_bindings"
       WHERE project_id = $1 AND ($2::text IS NULL OR role = $2)
       ORDER BY role, subject_kind DESC, subject_name`,
      [project.id, role ?? null],
    );
    return rows.map((r) => toBinding(project.name, r));
  }

  /** Adds the binding; null when it exists already. */
  /**
   * Adds a binding; null when it exists already, or when `lockGroup` is set and the user group it
   * names is gone (the group row is share-locked by the same statement: see MembersRepository.add).
   */
  async add(
    project: { id: string; name: string },
    role: BindingRole,
    subject: Subject,
    lockGroup = false,
  ): Promise<RoleBinding | null> {
    const { rows } = await runSql<BindingRow>(
      this.dataSource.manager,
      `WITH "group" AS (SELECT 1 FROM "auth"."user_groups" WHERE name = $4 AND $5::boolean FOR KEY SHARE)
       INSERT INTO "auth"."role_bindings" (project_id, role, subject_kind, subject_name)
       SELECT $1, $2, $3, $4 WHERE NOT $5::boolean OR EXISTS (SELECT 1 FROM "group")
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [project.id, role, subject.kind, subject.name, lockGroup],
    );
    return rows.length ? toBinding(project.name, rows[0]) : null;
  }

  /** Removes the binding; false when there was none. */
  async remove(projectId: string, role: BindingRole, subject: Subject): Promise<boolean> {
    const { affected } = await runSql(
      this.dataSource.manager,
      `DELETE FROM "auth"."role_bindings" WHERE project_id = $1 AND role = $2 AND subject_kind = $3 AND subject_name = $4`,
      [projectId, role, subject.kind, subject.name],
    );
    return affected > 0;
  }
}

function toBinding(project: string, row: BindingRow): RoleBinding {
  return {
    project,
    role: row.role,
    subject: { kind: row.subject_kind, name: row.subject_name },
    createdAt: row.created_at,
  };
}
