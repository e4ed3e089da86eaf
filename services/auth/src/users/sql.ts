import type { EntityManager } from 'typeorm';

/** Schema-qualified tables of the identity feature, for raw SQL. */
export const IDENTITY_TABLES = {
  users: '"auth"."users"',
  userGroups: '"auth"."user_groups"',
  userGroupMembers: '"auth"."user_group_members"',
  apiTokens: '"auth"."api_tokens"',
  loginFailures: '"auth"."login_failures"',
  loginFailuresByUser: '"auth"."login_failures_by_user"',
  auditEvents: '"auth"."audit_events"',
} as const;

export interface SqlResult<T> {
  rows: T[];
  /** Rows inserted, updated or deleted. */
  affected: number;
}

/**
 * Runs one statement on `manager` (inside its transaction when it has one) and returns its rows
 * and affected count whatever the statement is (TypeORM's plain query() returns `[rows, count]`
 * for UPDATE/DELETE but rows otherwise).
 */
export async function runSql<T>(
  manager: EntityManager,
  text: string,
  params: unknown[] = [],
): Promise<SqlResult<T>> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(text, params, true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
}
