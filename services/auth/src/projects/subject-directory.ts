import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import { BerthError, ErrorCode } from '@berth/errors';
import type { DataSource } from 'typeorm';
import { implicitGroup, type Subject } from '../policy/subject';

/**
 * Checks that the subject of a new membership or binding exists: users in auth.users, user
 * groups in auth.user_groups (read-only here; the identity feature owns both). The implicit
 * groups `authenticated` and `serviceaccounts:<project>` always exist, and so, for this check,
 * does every well-formed service account `<project>:<name>`: as in Kubernetes RBAC, a binding
 * may name one that does not exist (yet), so that binding never reveals whether a project the
 * caller cannot see exists. Such references to a project that does not exist are dropped when
 * the project is created (ProjectsRepository.create), so they never grant its creator anything.
 * Users and groups, in contrast, are checked: adding a member tells a project admin whether that
 * user or group exists, a documented trade-off (docs/access.md) that catches typos.
 */
/** A subject that is an administrator-managed user group (a row of auth.user_groups), not an implicit one. */
export function isUserGroup(subject: Subject): boolean {
  return subject.kind === 'group' && !implicitGroup(subject.name);
}

@Injectable()
export class SubjectDirectory {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async requireExists(subject: Subject): Promise<void> {
    if (subject.kind === 'serviceaccount') return;
    if (subject.kind === 'group' && implicitGroup(subject.name)) return;
    const table =
      subject.kind === 'user' ? '"auth"."users" WHERE username = $1' : '"auth"."user_groups" WHERE name = $1';
    const rows: Array<{ found: boolean }> = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM ${table}) AS found`,
      [subject.name],
    );
    if (!rows[0]?.found) {
      throw new BerthError(ErrorCode.NOT_FOUND, `${subject.kind} ${JSON.stringify(subject.name)} not found`);
    }
  }
}
