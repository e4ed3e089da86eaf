import { ANONYMOUS_PRINCIPAL, type Principal } from '../users/principal';
import {
  allowedActions,
  canMaintain,
  canManage,
  isMember,
  repositoryRights,
  standingIn,
  type ProjectFacts,
  type Rights,
} from './access-rules';
import type { BindingRole, ProjectRole } from './roles';

// The decision table of the access rules: every role, binding, service-account rule, public and
// private project, and global image scope, for each kind of principal.

const user = (name: string, isAdmin = false): Principal => ({
  kind: 'user',
  subject: name,
  userId: `id-${name}`,
  username: name,
  isAdmin,
  groups: [],
});
const sa = (project: string, name: string): Principal => ({
  kind: 'serviceaccount',
  subject: `system:serviceaccount:${project}:${name}`,
  serviceAccountId: `sa-${project}-${name}`,
  project,
  name,
});

const anonymous = ANONYMOUS_PRINCIPAL;
const alice = user('alice');
const root = user('root', true);
const ownDefault = sa('team', 'default');
const ownBuilder = sa('team', 'builder');
const ownCustom = sa('team', 'ci');
const otherDefault = sa('other', 'default');
const otherBuilder = sa('other', 'builder');

function facts(
  over: { public?: boolean; members?: ProjectRole[]; bindings?: BindingRole[] } = {},
): ProjectFacts {
  return {
    name: 'team',
    public: over.public ?? false,
    memberRoles: over.members ?? [],
    bindingRoles: over.bindings ?? [],
  };
}

/** 'pull,push,create,delete' notation of rights, '-' for none. */
function show(rights: Rights): string {
  const held = (['pull', 'push', 'create', 'delete'] as const).filter((r) => rights[r]);
  return held.length ? held.join(',') : '-';
}

const ALL = 'pull,push,create,delete';

/** Rows [case, ...inputs, expected] reordered as [case, expected, ...inputs], so titles read "case → expected". */
function expectedFirst<I extends unknown[], E>(rows: Array<[string, ...I, E]>): Array<[string, E, ...I]> {
  return rows.map((row) => {
    const [what, ...rest] = row;
    return [what, rest[rest.length - 1] as E, ...(rest.slice(0, -1) as I)];
  });
}
const PRIVATE = facts();
const PUBLIC = facts({ public: true });

describe('access rules: rights in a project', () => {
  it.each(
    expectedFirst<[Principal, ProjectFacts | null], string>([
      // A project that does not exist: only registry admins.
      ['anonymous, no such project', anonymous, null, '-'],
      ['user, no such project', alice, null, '-'],
      ['service account, no such project', ownBuilder, null, '-'],
      ['registry admin, no such project', root, null, ALL],
      // Private project, no relation.
      ['anonymous, private', anonymous, PRIVATE, '-'],
      ['non-member user, private', alice, PRIVATE, '-'],
      ['service account of another project, private', otherDefault, PRIVATE, '-'],
      ['builder of another project, private', otherBuilder, PRIVATE, '-'],
      ['registry admin, private', root, PRIVATE, ALL],
      // Public project, no relation: everyone pulls, nobody else pushes.
      ['anonymous, public', anonymous, PUBLIC, 'pull'],
      ['non-member user, public', alice, PUBLIC, 'pull'],
      ['service account of another project, public', otherDefault, PUBLIC, 'pull'],
      ['builder of another project, public', otherBuilder, PUBLIC, 'pull'],
      // Project roles (private and public alike).
      ['admin member', alice, facts({ members: ['admin'] }), ALL],
      ['maintainer member', alice, facts({ members: ['maintainer'] }), ALL],
      ['developer member', alice, facts({ members: ['developer'] }), 'pull,push,create'],
      ['guest member', alice, facts({ members: ['guest'] }), 'pull'],
      ['guest member of a public project', alice, facts({ public: true, members: ['guest'] }), 'pull'],
      [
        'developer member of a public project',
        alice,
        facts({ public: true, members: ['developer'] }),
        'pull,push,create',
      ],
      [
        'strongest of several memberships (user and group)',
        alice,
        facts({ members: ['guest', 'maintainer'] }),
        ALL,
      ],
      // Fine-grained bindings.
      ['image-puller', alice, facts({ bindings: ['image-puller'] }), 'pull'],
      ['image-pusher', alice, facts({ bindings: ['image-pusher'] }), 'pull,push'],
      ['image-builder', alice, facts({ bindings: ['image-builder'] }), 'pull,push,create'],
      [
        'image-pusher on a public project',
        alice,
        facts({ public: true, bindings: ['image-pusher'] }),
        'pull,push',
      ],
      [
        'guest plus image-pusher',
        alice,
        facts({ members: ['guest'], bindings: ['image-pusher'] }),
        'pull,push',
      ],
      [
        'guest plus image-builder',
        alice,
        facts({ members: ['guest'], bindings: ['image-builder'] }),
        'pull,push,create',
      ],
      [
        'developer plus image-puller',
        alice,
        facts({ members: ['developer'], bindings: ['image-puller'] }),
        'pull,push,create',
      ],
      [
        'pusher and builder together',
        alice,
        facts({ bindings: ['image-pusher', 'image-builder'] }),
        'pull,push,create',
      ],
      // Service accounts of the project itself.
      ['own default service account', ownDefault, PRIVATE, 'pull'],
      ['own custom service account', ownCustom, PRIVATE, 'pull'],
      ['own builder service account', ownBuilder, PRIVATE, 'pull,push,create'],
      ['own default with image-pusher', ownDefault, facts({ bindings: ['image-pusher'] }), 'pull,push'],
      [
        'own service accounts group as developer member',
        ownDefault,
        facts({ members: ['developer'] }),
        'pull,push,create',
      ],
      // Service accounts of other projects, through bindings or group memberships.
      ['other project SA with image-puller', otherDefault, facts({ bindings: ['image-puller'] }), 'pull'],
      [
        'other project SA with image-pusher',
        otherDefault,
        facts({ bindings: ['image-pusher'] }),
        'pull,push',
      ],
      [
        'other project SA with image-builder',
        otherDefault,
        facts({ bindings: ['image-builder'] }),
        'pull,push,create',
      ],
      [
        'other project builder with image-puller',
        otherBuilder,
        facts({ bindings: ['image-puller'] }),
        'pull',
      ],
      ['other project SAs group as guest member', otherDefault, facts({ members: ['guest'] }), 'pull'],
      // Anonymous callers never get more than the public pull, whatever a row says.
      ['anonymous with stray member rows, private', anonymous, facts({ members: ['admin'] }), '-'],
      [
        'anonymous with stray binding rows, public',
        anonymous,
        facts({ public: true, bindings: ['image-builder'] }),
        'pull',
      ],
    ]),
  )('%s → %s', (_case, expected, principal, projectFacts) => {
    expect(show(standingIn(principal, projectFacts).rights)).toBe(expected);
  });
});

describe('access rules: global image scope', () => {
  it.each(
    expectedFirst<[Principal, ProjectFacts | null, boolean], string>([
      ['non-member user, private, global', alice, PRIVATE, true, 'pull'],
      ['non-member user, private, namespace', alice, PRIVATE, false, '-'],
      ['SA of another project, private, global', otherDefault, PRIVATE, true, 'pull'],
      ['builder of another project, private, global: pull only', otherBuilder, PRIVATE, true, 'pull'],
      ['anonymous, private, global', anonymous, PRIVATE, true, '-'],
      ['anonymous, public, global', anonymous, PUBLIC, true, 'pull'],
      [
        'developer, private, global: unchanged',
        alice,
        facts({ members: ['developer'] }),
        true,
        'pull,push,create',
      ],
      ['image-pusher, private, global', alice, facts({ bindings: ['image-pusher'] }), true, 'pull,push'],
      ['no such project, global flag ignored', alice, null, true, '-'],
      ['registry admin, global', root, PRIVATE, true, ALL],
    ]),
  )('%s → %s', (_case, expected, principal, projectFacts, global) => {
    expect(show(repositoryRights(principal, projectFacts, global))).toBe(expected);
  });
});

describe('access rules: standing', () => {
  it('reports the strongest member role, null for non-members', () => {
    expect(standingIn(alice, facts({ members: ['guest', 'developer'] })).role).toBe('developer');
    expect(standingIn(alice, facts({ bindings: ['image-builder'] })).role).toBeNull();
    expect(standingIn(anonymous, facts({ members: ['admin'] })).role).toBeNull();
    expect(standingIn(root, facts({ members: ['guest'] }))).toMatchObject({
      role: 'guest',
      registryAdmin: true,
    });
    expect(standingIn(root, PRIVATE)).toMatchObject({ role: null, registryAdmin: true });
  });

  it.each(
    expectedFirst<[Principal, ProjectFacts], string>([
      // what it may do besides pulling: manage (members, bindings, SAs, secrets), maintain (image scope), member (read lists)
      ['admin', alice, facts({ members: ['admin'] }), 'manage,maintain,member'],
      ['maintainer', alice, facts({ members: ['maintainer'] }), 'maintain,member'],
      ['developer', alice, facts({ members: ['developer'] }), 'member'],
      ['guest', alice, facts({ members: ['guest'] }), 'member'],
      ['image-builder binding only', alice, facts({ bindings: ['image-builder'] }), '-'],
      ['own builder service account', ownBuilder, PRIVATE, '-'],
      ['non-member, public', alice, PUBLIC, '-'],
      ['registry admin, not a member', root, PRIVATE, 'manage,maintain,member'],
    ]),
  )('%s → %s', (_case, expected, principal, projectFacts) => {
    const standing = standingIn(principal, projectFacts);
    const held = [
      canManage(standing) && 'manage',
      canMaintain(standing) && 'maintain',
      isMember(standing) && 'member',
    ];
    expect(held.filter(Boolean).join(',') || '-').toBe(expected);
  });
});

describe('access rules: allowed actions', () => {
  const rights = (r: Partial<Rights>): Rights => ({
    pull: false,
    push: false,
    create: false,
    delete: false,
    ...r,
  });
  const exists = (value: boolean) => jest.fn(async () => value);

  it('grants push with the create right without asking whether the stream exists', async () => {
    const streamExists = exists(false);
    await expect(
      allowedActions(['pull', 'push'], rights({ pull: true, push: true, create: true }), streamExists),
    ).resolves.toEqual(['pull', 'push']);
    expect(streamExists).not.toHaveBeenCalled();
  });

  it('grants push without the create right only to an existing stream', async () => {
    const pusher = rights({ pull: true, push: true });
    await expect(allowedActions(['pull', 'push'], pusher, exists(true))).resolves.toEqual(['pull', 'push']);
    await expect(allowedActions(['pull', 'push'], pusher, exists(false))).resolves.toEqual(['pull']);
  });

  it('never asks about the stream without the push right', async () => {
    const streamExists = exists(true);
    await expect(allowedActions(['push'], rights({ pull: true }), streamExists)).resolves.toEqual([]);
    expect(streamExists).not.toHaveBeenCalled();
  });

  it('grants delete only with the delete right, and keeps the order asked', async () => {
    await expect(
      allowedActions(['delete', 'pull'], rights({ pull: true, delete: true }), exists(true)),
    ).resolves.toEqual(['delete', 'pull']);
    await expect(
      allowedActions(['delete'], rights({ pull: true, push: true, create: true }), exists(true)),
    ).resolves.toEqual([]);
  });

  it('ignores unknown actions', async () => {
    await expect(
      allowedActions(
        ['*', 'fly', 'pull'],
        rights({ pull: true, push: true, create: true, delete: true }),
        exists(true),
      ),
    ).resolves.toEqual(['pull']);
  });
});
