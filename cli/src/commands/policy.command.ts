import type { RoleBinding, Subject } from '../core/api-types';
import type { CommandInput, CommandSpec, GroupSpec, OptionSpec } from '../core/command';
import { apiPath } from '../core/registry-url';
import { PROJECT_OPTION } from './member.command';

const SA_PREFIX = 'system:serviceaccount:';
const ROLES = 'ROLE: image-puller, image-pusher (existing image streams only) or image-builder.';

const USER_OPTIONS: Record<string, OptionSpec> = {
  ...PROJECT_OPTION,
  serviceaccount: {
    type: 'string',
    short: 'z',
    value: 'NAME',
    description: 'bind the service account NAME of the project -n instead of SUBJECT',
  },
};

/** SUBJECT of add-role-to-user: a username, `system:serviceaccount:PROJ:NAME`, or `-z NAME`. */
function userSubject(input: CommandInput, project: string): Subject {
  const sa = input.string('serviceaccount');
  const given = input.args[1];
  if (sa !== undefined && given !== undefined) throw input.usage('give SUBJECT or -z NAME, not both');
  if (sa !== undefined) return { kind: 'serviceaccount', name: `${project}:${sa}` };
  if (given === undefined)
    throw input.usage('missing SUBJECT (a username, system:serviceaccount:PROJECT:NAME, or -z NAME)');
  if (given.startsWith(SA_PREFIX)) {
    const parts = given.slice(SA_PREFIX.length).split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw input.usage(
        `a service account subject is ${SA_PREFIX}PROJECT:NAME, not ${JSON.stringify(given)}`,
      );
    }
    return { kind: 'serviceaccount', name: parts.join(':') };
  }
  return { kind: 'user', name: given };
}

function groupSubject(input: CommandInput): Subject {
  return { kind: 'group', name: input.args[1] };
}

function describe(s: Subject): string {
  return s.kind === 'serviceaccount' ? `service account ${s.name}` : `${s.kind} ${s.name}`;
}

function addRole(name: string, target: 'user' | 'group'): CommandSpec {
  const forUser = target === 'user';
  return {
    name,
    summary: forUser
      ? 'Bind a fine-grained role in a project to a user or service account of any project'
      : 'Bind a fine-grained role in a project to a group',
    description: forUser ? `${ROLES}\nSUBJECT: a username, or system:serviceaccount:PROJECT:NAME.` : ROLES,
    args: forUser ? ['ROLE', '[SUBJECT]'] : ['ROLE', 'GROUP'],
    usage: forUser ? 'ROLE SUBJECT|-z NAME -n PROJECT' : 'ROLE GROUP -n PROJECT',
    options: forUser ? USER_OPTIONS : PROJECT_OPTION,
    examples: forUser
      ? [
          'berth policy add-role-to-user image-puller system:serviceaccount:team-b:default -n team-a',
          'berth policy add-role-to-user image-builder -z ci -n team-a',
        ]
      : ['berth policy add-role-to-group image-puller serviceaccounts:team-b -n team-a'],
    async run(ctx, input) {
      const project = input.required('project', '-n PROJECT');
      const role = input.args[0];
      const subject = forUser ? userSubject(input, project) : groupSubject(input);
      const res = await ctx
        .api()
        .post<{ binding?: RoleBinding }>(apiPath('projects', project, 'rolebindings'), { role, subject });
      ctx.out.result(res, () =>
        ctx.out.line(`role ${role} in project ${project} bound to ${describe(subject)}`),
      );
    },
  };
}

function removeRole(name: string, target: 'user' | 'group'): CommandSpec {
  const forUser = target === 'user';
  return {
    name,
    summary: forUser
      ? 'Remove a role binding of a user or service account'
      : 'Remove a role binding of a group',
    args: forUser ? ['ROLE', '[SUBJECT]'] : ['ROLE', 'GROUP'],
    usage: forUser ? 'ROLE SUBJECT|-z NAME -n PROJECT' : 'ROLE GROUP -n PROJECT',
    options: forUser ? USER_OPTIONS : PROJECT_OPTION,
    examples: forUser
      ? ['berth policy remove-role-from-user image-puller bob -n team-a']
      : ['berth policy remove-role-from-group image-puller devs -n team-a'],
    async run(ctx, input) {
      const project = input.required('project', '-n PROJECT');
      const role = input.args[0];
      const subject = forUser ? userSubject(input, project) : groupSubject(input);
      const res = await ctx
        .api()
        .delete(apiPath('projects', project, 'rolebindings', role, subject.kind, subject.name));
      ctx.out.result(res, () =>
        ctx.out.line(`role ${role} in project ${project} no longer bound to ${describe(subject)}`),
      );
    },
  };
}

const list: CommandSpec = {
  name: 'list',
  summary: "List a project's role bindings",
  args: [],
  usage: '-n PROJECT [--role ROLE]',
  options: {
    ...PROJECT_OPTION,
    role: { type: 'string', value: 'ROLE', description: 'only the bindings of this role' },
  },
  examples: ['berth policy list -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const res = await ctx
      .api()
      .get<{ bindings?: RoleBinding[] }>(apiPath('projects', project, 'rolebindings'), {
        role: input.string('role'),
      });
    ctx.out.result(res, () =>
      ctx.out.table(
        ['role', 'kind', 'name', 'created'],
        (res.bindings ?? []).map((b) => [b.role, b.subject?.kind, b.subject?.name, b.createdAt]),
        'No role bindings.',
      ),
    );
  },
};

export const policyGroup: GroupSpec = {
  name: 'policy',
  summary: 'Bind fine-grained roles (image-puller, image-pusher, image-builder) in a project',
  commands: [
    addRole('add-role-to-user', 'user'),
    addRole('add-role-to-group', 'group'),
    removeRole('remove-role-from-user', 'user'),
    removeRole('remove-role-from-group', 'group'),
    list,
  ],
  examples: ['berth policy add-role-to-user image-puller system:serviceaccount:team-b:default -n team-a'],
};
