import { randomBytes } from 'node:crypto';
import { inParallel, type Credentials } from './http';
import { ACCESS_MATRIX, VISIBILITIES, type SubjectId, type Visibility } from './matrix';
import { pushImage, tinyImage, type TinyImage } from './oci';
import { RestClient, type Subject } from './rest';
import { noteSecret } from './secrets';
import { discoverRealm, tokenFor, type TokenRealm } from './tokens';

/**
 * Everything the access matrix runs against, made through the management API by the
 * registry administrator: the public and the private project P (same members and bindings),
 * another project O whose users and service accounts are bound into P, a project S whose
 * service accounts reach P through the group `serviceaccounts:S`, and an image `P/app:v1`
 * in each P (plus `P/shared:v1`, scope global, in the private one).
 */
export interface MatrixWorld {
  base: string;
  realm: TokenRealm;
  admin: RestClient;
  adminCreds: Credentials;
  /** Name of P per visibility. */
  project: Record<Visibility, string>;
  other: string;
  saGroupProject: string;
  /** `P/app:v1`, per visibility. */
  image: Record<Visibility, TinyImage>;
  /** `P/shared:v1` of the private P, scope global. */
  globalImage: TinyImage;
  /** Credentials of each subject of the matrix for each P (service accounts differ); undefined = anonymous. */
  creds(visibility: Visibility, subject: SubjectId): Credentials | undefined;
  /** The group a `members` cell tries to add (one per cell, so cells do not depend on each other). */
  memberTarget(visibility: Visibility, subject: SubjectId): string;
  /** A token of the registry administrator. */
  adminToken(repository: string, actions: string): Promise<string>;
}

const ROLE_MEMBERS: Array<[SubjectId, string]> = [
  ['role-admin', 'admin'],
  ['role-maintainer', 'maintainer'],
  ['role-developer', 'developer'],
  ['role-guest', 'guest'],
  ['alias-administrator', 'administrator'],
  ['alias-operator', 'operator'],
  ['alias-editor', 'editor'],
  ['alias-viewer', 'viewer'],
];

/** Canonical names of the role aliases: what the member list must say. */
export const CANONICAL_ROLE: Record<string, string> = {
  admin: 'admin',
  administrator: 'admin',
  maintainer: 'maintainer',
  developer: 'developer',
  operator: 'developer',
  guest: 'guest',
  editor: 'guest',
  viewer: 'guest',
};

const USER_SUBJECTS: SubjectId[] = [
  ...ROLE_MEMBERS.map(([id]) => id),
  'non-member',
  'bound-image-puller',
  'bound-image-pusher',
  'bound-image-builder',
  'group-image-puller',
  'group-developer',
  'registry-admin',
];

export function password(): string {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

export async function buildMatrixWorld(env: {
  url: string;
  user: string;
  password: string;
}): Promise<MatrixWorld> {
  const base = env.url;
  const adminCreds = { username: env.user, secret: env.password };
  noteSecret('admin password', env.password, env.user);
  const admin = new RestClient(base, adminCreds);
  const realm = await discoverRealm(base);
  const tag = randomBytes(3).toString('hex');
  const project: Record<Visibility, string> = { public: `mx${tag}-pub`, private: `mx${tag}-priv` };
  const other = `mx${tag}-o`;
  const saGroupProject = `mx${tag}-s`;

  await admin.createProject(project.public, true);
  await admin.createProject(project.private, false);
  await admin.createProject(other, false);
  await admin.createProject(saGroupProject, false);

  // Users, with known passwords.
  const userCreds = new Map<SubjectId, Credentials>();
  await inParallel(
    4,
    USER_SUBJECTS.map((id) => async () => {
      const creds = { username: `mx${tag}-${id}`, secret: password() };
      await admin.createUser(creds.username, creds.secret, id === 'registry-admin');
      noteSecret(`password of ${creds.username}`, creds.secret, creds.username);
      userCreds.set(id, creds);
    }),
  );
  const user = (id: SubjectId) => userCreds.get(id)!.username;

  const pullers = `mx${tag}-pullers`;
  const devs = `mx${tag}-devs`;
  await admin.createGroup(pullers);
  await admin.createGroup(devs);
  await admin.addGroupMember(pullers, user('group-image-puller'));
  await admin.addGroupMember(devs, user('group-developer'));

  for (const id of ['bound-image-puller', 'bound-image-pusher', 'bound-image-builder'] as const)
    await admin.addMember(other, { kind: 'user', name: user(id) }, 'developer');

  for (const visibility of VISIBILITIES) {
    const p = project[visibility];
    for (const [id, role] of ROLE_MEMBERS) {
      const added = await admin.addMember(p, { kind: 'user', name: user(id) }, role);
      if (added.member?.role !== CANONICAL_ROLE[role])
        throw new Error(`member added with role ${role} is stored as ${JSON.stringify(added.member?.role)}`);
    }
    await admin.addMember(p, { kind: 'group', name: devs }, 'developer');
    const bindings: Array<[string, Subject]> = [
      ['image-puller', { kind: 'user', name: user('bound-image-puller') }],
      ['image-pusher', { kind: 'user', name: user('bound-image-pusher') }],
      ['image-builder', { kind: 'user', name: user('bound-image-builder') }],
      ['image-puller', { kind: 'group', name: pullers }],
      ['image-puller', { kind: 'serviceaccount', name: `${other}:builder` }],
      ['image-puller', { kind: 'group', name: `serviceaccounts:${saGroupProject}` }],
    ];
    for (const [role, subject] of bindings) await admin.addRoleBinding(p, role, subject);
  }

  // Service accounts log in with their pull-secret credentials, as docker/podman/kubelet do.
  const saCreds = new Map<string, Credentials>();
  const sas: Array<[string, string]> = [
    [project.public, 'default'],
    [project.public, 'builder'],
    [project.private, 'default'],
    [project.private, 'builder'],
    [other, 'default'],
    [other, 'builder'],
    [saGroupProject, 'default'],
  ];
  for (const [p, name] of sas) {
    const secret = await admin.pullSecret(p, name);
    if (secret.username !== `${p}+${name}`)
      throw new Error(`pull secret of ${p}:${name} has username ${secret.username}, expected ${p}+${name}`);
    noteSecret(`pull secret of ${p}:${name}`, secret.password, secret.username);
    saCreds.set(`${p}:${name}`, { username: secret.username, secret: secret.password });
  }

  // Cached for a minute: far within the token lifetime, and it spares the cells many requests.
  const adminTokens = new Map<string, { token: Promise<string>; until: number }>();
  const adminToken = (repository: string, actions: string) => {
    const key = `repository:${repository}:${actions}`;
    const cached = adminTokens.get(key);
    if (cached && cached.until > Date.now()) return cached.token;
    const token = tokenFor(realm, adminCreds, [key]).then((t) => {
      noteSecret('access token (signature)', t.split('.')[2]);
      return t;
    });
    adminTokens.set(key, { token, until: Date.now() + 60_000 });
    return token;
  };
  const push = async (repository: string, ref: string, image: TinyImage) => {
    const res = await pushImage(base, await adminToken(repository, 'pull,push'), repository, ref, image);
    if (res.outcome.status !== 201)
      throw new Error(`admin push of ${repository}:${ref}: ${res.step} gave ${JSON.stringify(res.outcome)}`);
  };
  const image = { public: tinyImage('matrix-public'), private: tinyImage('matrix-private') };
  for (const visibility of VISIBILITIES) await push(`${project[visibility]}/app`, 'v1', image[visibility]);
  const globalImage = tinyImage('matrix-global');
  await push(`${project.private}/shared`, 'v1', globalImage);
  const scope = await admin.setImageScope(`${project.private}/shared`, 'global');
  if (scope.scope !== 'global')
    throw new Error(`image scope is ${JSON.stringify(scope)} after setting global`);

  // One target group per members cell.
  const targets = new Map<string, string>();
  await inParallel(
    4,
    VISIBILITIES.flatMap((visibility) =>
      ACCESS_MATRIX.map((row, i) => async () => {
        const name = `mx${tag}-t${visibility === 'public' ? 'u' : 'r'}${i}`;
        await admin.createGroup(name);
        targets.set(`${visibility}/${row.id}`, name);
      }),
    ),
  );

  return {
    base,
    realm,
    admin,
    adminCreds,
    project,
    other,
    saGroupProject,
    image,
    globalImage,
    adminToken,
    creds(visibility, subject) {
      switch (subject) {
        case 'anonymous':
          return undefined;
        case 'sa-default':
          return saCreds.get(`${project[visibility]}:default`);
        case 'sa-builder':
          return saCreds.get(`${project[visibility]}:builder`);
        case 'other-sa-unbound':
          return saCreds.get(`${other}:default`);
        case 'other-sa-image-puller':
          return saCreds.get(`${other}:builder`);
        case 'sa-group-image-puller':
          return saCreds.get(`${saGroupProject}:default`);
        default: {
          const creds = userCreds.get(subject);
          if (!creds) throw new Error(`no credentials for ${subject}`);
          return creds;
        }
      }
    },
    memberTarget(visibility, subject) {
      const name = targets.get(`${visibility}/${subject}`);
      if (!name) throw new Error(`no member target for ${visibility}/${subject}`);
      return name;
    },
  };
}
