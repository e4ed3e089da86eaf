import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource } from 'typeorm';
import type { ProjectRecord } from '../projects/project';
import { implicitGroupsOf, type Principal } from '../users/principal';
import type { ProjectFacts } from './access-rules';
import type { BindingRole, ProjectRole } from './roles';

/** A project with what the access rules need about it for one principal. */
export interface ProjectFactsRecord extends ProjectRecord, ProjectFacts {
  /** The requested repositories of this project whose image scope is `global`. */
  globalRepositories: ReadonlySet<string>;
}

interface FactsRow {
  id: string;
  name: string;
  public: boolean;
  created_at: Date;
  created_by: string;
  member_roles: ProjectRole[];
  binding_roles: BindingRole[];
  global_repositories?: string[];
}

// $1 username (users), $2 group names (explicit and implicit), $3 `<project>:<name>` (service accounts).
const MEMBER_MATCH = `((m.subject_kind = 'user' AND m.subject_name = $1)
      OR (m.subject_kind = 'group' AND m.subject_name = ANY($2::text[])))`;
const BINDING_MATCH = `((b.subject_kind = 'user' AND b.subject_name = $1)
      OR (b.subject_kind = 'group' AND b.subject_name = ANY($2::text[]))
      OR (b.subject_kind = 'serviceaccount' AND b.subject_name = $3))`;
const FACTS_COLUMNS = `p.id, p.name, p.public, p.created_at, p.created_by,
  ARRAY(SELECT DISTINCT m.role FROM "auth"."project_members" m WHERE m.project_id = p.id AND ${MEMBER_MATCH}) AS member_roles,
  ARRAY(SELECT DISTINCT b.role FROM "auth"."role_bindings" b WHERE b.project_id = p.id AND ${BINDING_MATCH}) AS binding_roles`;

/**
 * The access rules' one query: for a principal and some projects, every membership role and
 * bound role that names the principal (directly, through its groups or as a service account),
 * and the global image scopes among the repositories asked about. One round trip whatever the
 * number of projects; the indexes on (project, subject) keep it a handful of index probes.
 */
@Injectable()
export class PolicyRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async factsOf(
    principal: Principal,
    projects: readonly string[],
    repositories: readonly string[] = [],
  ): Promise<Map<string, ProjectFactsRecord>> {
    if (projects.length === 0) return new Map();
    const rows: FactsRow[] = await this.dataSource.query(
      `SELECT ${FACTS_COLUMNS},
         ARRAY(SELECT s.repository FROM "auth"."image_scopes" s
               WHERE s.project_id = p.id AND s.scope = 'global' AND s.repository = ANY($5::text[])) AS global_repositories
       FROM "auth"."projects" p
       WHERE p.name = ANY($4::text[])`,
      [...subjectParams(principal), [...projects], [...repositories]],
    );
    return new Map(rows.map((row) => [row.name, toFacts(row)]));
  }

  /**
   * Projects the principal may see (registry admins: all; others: public ones and those where a
   * membership, a binding or being one of its service accounts lets them pull), in lexical order
   * after `after`, at most `limit`.
   */
  async visibleProjects(
    principal: Principal,
    registryAdmin: boolean,
    after: string,
    limit: number,
  ): Promise<ProjectFactsRecord[]> {
    const ownProject = principal.kind === 'serviceaccount' ? principal.project : null;
    const rows: FactsRow[] = await this.dataSource.query(
      `SELECT ${FACTS_COLUMNS}
       FROM "auth"."projects" p
       WHERE p.name > $4
         AND ($5::boolean OR p.public OR p.name = $6
              OR EXISTS (SELECT 1 FROM "auth"."project_members" m WHERE m.project_id = p.id AND ${MEMBER_MATCH})
              OR EXISTS (SELECT 1 FROM "auth"."role_bindings" b WHERE b.project_id = p.id AND ${BINDING_MATCH}))
       ORDER BY p.name
       LIMIT $7`,
      [...subjectParams(principal), after, registryAdmin, ownProject, limit],
    );
    return rows.map(toFacts);
  }
}

/** [$1 username, $2 groups, $3 service account] of a principal; anonymous matches nothing. */
function subjectParams(principal: Principal): [string | null, string[], string | null] {
  switch (principal.kind) {
    case 'anonymous':
      return [null, [], null];
    case 'user':
      return [principal.username, implicitGroupsOf(principal), null];
    case 'serviceaccount':
      return [null, implicitGroupsOf(principal), `${principal.project}:${principal.name}`];
  }
}

function toFacts(row: FactsRow): ProjectFactsRecord {
  return {
    id: row.id,
    name: row.name,
    public: row.public,
    createdAt: row.created_at,
    createdBy: row.created_by,
    memberRoles: row.member_roles,
    bindingRoles: row.binding_roles,
    globalRepositories: new Set(row.global_repositories ?? []),
  };
}
