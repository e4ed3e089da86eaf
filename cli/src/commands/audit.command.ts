import type { AuditEvent } from '../core/api-types';
import type { CommandSpec } from '../core/command';

export const auditCommand: CommandSpec = {
  name: 'audit',
  summary: 'List audit events, newest first (administrators; project admins for their project)',
  args: [],
  usage: '[-n PROJECT] [--action A] [--actor U] [--limit N] [--before ID]',
  options: {
    project: { type: 'string', short: 'n', value: 'PROJECT', description: "only this project's events" },
    action: {
      type: 'string',
      value: 'A',
      description: 'only this action, e.g. login.failed or member.added',
    },
    actor: { type: 'string', value: 'U', description: 'only events of this subject' },
    limit: { type: 'string', value: 'N', description: 'at most N events' },
    before: { type: 'string', value: 'ID', description: 'events older than this event id (paging)' },
  },
  examples: ['berth audit -n team-a --action member.added --limit 20'],
  async run(ctx, input) {
    const res = await ctx.api().get<{ events?: AuditEvent[]; more?: boolean }>('/api/v1/audit-events', {
      project: input.string('project'),
      action: input.string('action'),
      actor: input.string('actor'),
      limit: input.integer('limit', '--limit'),
      before: input.string('before'),
    });
    ctx.out.result(res, () => {
      const events = res.events ?? [];
      ctx.out.table(
        ['time', 'actor', 'action', 'project', 'target', 'outcome', 'client'],
        events.map((e) => [e.at, e.actor, e.action, e.project, e.target, e.outcome, e.clientIp]),
        'No audit events.',
      );
      if (res.more && events.length > 0) ctx.out.note(`More: --before ${events[events.length - 1].id}`);
    });
  },
};
