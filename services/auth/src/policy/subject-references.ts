import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubjectReferences } from '../ports/subject-references.port';

/** Forgets the memberships and role bindings of a subject that no longer exists, in every project. */
@Injectable()
export class ProjectSubjectReferences implements SubjectReferences {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async forget(
    subject: { kind: 'user' | 'group' | 'serviceaccount'; name: string },
    inTransaction?: EntityManager,
  ): Promise<void> {
    const forget = async (manager: EntityManager) => {
      await manager.query(
        `DELETE FROM "auth"."project_members" WHERE subject_kind = $1 AND subject_name = $2`,
        [subject.kind, subject.name],
      );
      await manager.query(
        `DELETE FROM "auth"."role_bindings" WHERE subject_kind = $1 AND subject_name = $2`,
        [subject.kind, subject.name],
      );
    };
    if (inTransaction) await forget(inTransaction);
    else await this.dataSource.transaction(forget);
  }
}
