import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { serviceAccountsGroup } from '../policy/subject';
import type { StoredPullSecret } from '../service-accounts/service-account';
import { ServiceAccountsRepository } from '../service-accounts/service-accounts.repository';
import type { ProjectRecord } from './project';

interface ProjectRow {
  id: string;
  name: string;
  public: boolean;
  created_at: Date;
  created_by: string;
}

export interface NewProject {
  name: string;
  public: boolean;
  /** Username of the creator, who becomes its admin member. */
  createdBy: string;
  serviceAccounts: ReadonlyArray<{ id: string; name: string; secret: StoredPullSecret }>;
}

/** Data access for projects as a whole: creation with its first rows, visibility, deletion. */
@Injectable()
export class ProjectsRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly serviceAccounts: ServiceAccountsRepository,
  ) {}

  /**
   * Creates the project, its creator's admin membership and its service accounts in one
   * transaction; null when the name is taken. Bindings and memberships that named its service
   * accounts (`<project>:<name>`, group `serviceaccounts:<project>`) before it existed are
   * deleted in the same transaction: whoever creates a project inherits no grant made earlier.
   */
  async create(project: NewProject): Promise<ProjectRecord | null> {
    return this.dataSource.transaction(async (manager) => {
      const { rows } = await runSql<ProjectRow>(
        manager,
        `INSERT INTO "auth"."projects" (name, public, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO NOTHING
         RETURNING id, name, public, created_at, created_by`,
        [project.name, project.public, project.createdBy],
      );
      if (rows.length === 0) return null;
      const created = toProject(rows[0]);
      await forgetServiceAccountReferences(manager, created.name);
      await manager.query(
        `INSERT INTO "auth"."project_members" (project_id, subject_kind, subject_name, role) VALUES ($1, 'user', $2, 'admin')`,
        [created.id, project.createdBy],
      );
      for (const sa of project.serviceAccounts) {
        await this.serviceAccounts.insert(
          { id: sa.id, projectId: created.id, name: sa.name, secret: sa.secret },
          manager,
        );
      }
      return created;
    });
  }

  /** Whether a project of that name exists. */
  async exists(name: string): Promise<boolean> {
    const rows: Array<{ found: boolean }> = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM "auth"."projects" WHERE name = $1) AS found`,
      [name],
    );
    return rows[0]?.found === true;
  }

  async setPublic(id: string, isPublic: boolean): Promise<ProjectRecord | null> {
    const { rows } = await runSql<ProjectRow>(
      this.dataSource.manager,
      `UPDATE "auth"."projects" SET public = $2 WHERE id = $1 RETURNING id, name, public, created_at, created_by`,
      [id, isPublic],
    );
    return rows.length ? toProject(rows[0]) : null;
  }

  /**
   * Deletes the project and everything in it (members, bindings, service accounts with their
   * pull secrets, image scopes, registry credentials) in one transaction, and every reference
   * to its service accounts from other projects (bindings to `<project>:<name>`, memberships
   * and bindings of the group `serviceaccounts:<project>`), so a project created later under
   * the same name inherits nothing. False when it no longer existed.
   */
  async delete(project: ProjectRecord): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.query(`SELECT id FROM "auth"."projects" WHERE id = $1 FOR UPDATE`, [
        project.id,
      ]);
      if (locked.length === 0) return false;
      for (const table of [
        'project_members',
        'role_bindings',
        'service_accounts',
        'image_scopes',
        'registry_credentials',
      ]) {
        await manager.query(`DELETE FROM "auth"."${table}" WHERE project_id = $1`, [project.id]);
      }
      await forgetServiceAccountReferences(manager, project.name);
      await manager.query(`DELETE FROM "auth"."projects" WHERE id = $1`, [project.id]);
      return true;
    });
  }
}

/**
 * Deletes, in every project, the bindings to service accounts of `project` and the memberships
 * and bindings of its group `serviceaccounts:<project>`.
 */
async function forgetServiceAccountReferences(manager: EntityManager, project: string): Promise<void> {
  await manager.query(
    `DELETE FROM "auth"."role_bindings"
     WHERE subject_kind = 'serviceaccount' AND starts_with(subject_name, $1)`,
    [`${project}:`],
  );
  for (const table of ['project_members', 'role_bindings']) {
    await manager.query(`DELETE FROM "auth"."${table}" WHERE subject_kind = 'group' AND subject_name = $1`, [
      serviceAccountsGroup(project),
    ]);
  }
}

export function toProject(row: ProjectRow): ProjectRecord {
  return {
    id: row.id,
    name: row.name,
    public: row.public,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}
