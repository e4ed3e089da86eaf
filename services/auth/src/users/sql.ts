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
