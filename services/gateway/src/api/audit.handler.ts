import { route, type ApiClients, type ApiRoute } from './api-route';

interface AuditQuery {
  project?: string;
  action?: string;
  actor?: string;
  limit?: number;
  before?: string;
}

/** The audit log: `/audit-events`. */
export function auditRoutes({ identity }: ApiClients): ApiRoute[] {
  return [
    route<Record<string, never>, AuditQuery>({
      method: 'GET',
      path: '/audit-events',
      operationId: 'listAuditEvents',
      summary:
        'List audit events, newest first: administrators see all, project admins their projects (project required)',
      tag: 'audit',
      rpc: 'IdentityService.ListAuditEvents',
      query: {
        project: { schema: { type: 'string' }, description: 'Only events of this project' },
        action: { schema: { type: 'string' }, description: 'Only this action, e.g. "member.added"' },
        actor: { schema: { type: 'string' }, description: 'Only events by this subject' },
        limit: {
          schema: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
          description: 'Events wanted at most',
        },
        before: { schema: { type: 'string' }, description: 'Only events older than this event id' },
      },
      response: 'ListAuditEventsResponse',
      status: 200,
      handle: ({ query }, options) =>
        identity.listAuditEvents(
          {
            project: query.project,
            action: query.action,
            actor: query.actor,
            limit: query.limit,
            before: query.before,
          },
          options,
        ),
    }),
  ];
}
