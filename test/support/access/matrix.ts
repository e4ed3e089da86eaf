// The access matrix of issue 3: who may do what, as the exact answer a client gets.
// One table drives both test/system/access-matrix.system-spec.ts (every cell exercised with
// real tokens against the running stack) and docs/access-matrix.md
// (`node tools/docs/access-matrix.js` renders it; the tests fail when the doc differs).
//
// Pure data and types: no I/O here, so the doc generator can load it without the stack.

export type Visibility = 'public' | 'private';

export const VISIBILITIES: readonly Visibility[] = ['public', 'private'];

export type Action = 'pull' | 'push' | 'push-new' | 'delete' | 'members';

export const ACTIONS: readonly Action[] = ['pull', 'push', 'push-new', 'delete', 'members'];

/** What a client sees: the HTTP status and, for errors, the code of `{"errors":[{"code":…}]}`. */
export interface Outcome {
  status: number;
  code?: string;
}

export const ACTION_TITLES: Record<Action, string> = {
  pull: 'pull',
  push: 'push (existing stream)',
  'push-new': 'push (new stream)',
  delete: 'delete manifest',
  members: 'manage members',
};

/** How each action is performed; the doc prints this under the tables. */
export const ACTION_REQUESTS: Record<Action, string> = {
  pull: 'token for `repository:P/app:pull`, then `GET /v2/P/app/manifests/v1`',
  push: 'token for `repository:P/app:pull,push`, then a blob upload (`POST …/blobs/uploads/`, `PUT ?digest=`) and `PUT /v2/P/app/manifests/<new tag>`; the first refused step is reported',
  'push-new':
    'token for `repository:P/<fresh name>:pull,push`, then the same upload and manifest `PUT` into a stream that does not exist yet',
  delete:
    'an administrator pushes a fresh manifest to `P/app`, then: token for `repository:P/app:delete`, `DELETE /v2/P/app/manifests/<digest>`',
  members:
    '`POST /api/v1/projects/P/members` `{"subject":{"kind":"group","name":…},"role":"guest"}` with Basic credentials (none for anonymous)',
};

// The answers, named once.
/** Pull served. */
const OK: Outcome = { status: 200 };
/** Manifest pushed (the last step of a push), member added. */
const CREATED: Outcome = { status: 201 };
/** Manifest deleted. */
const DELETED: Outcome = { status: 202 };
/**
 * /v2/ with a valid token that lacks the action: 401, `WWW-Authenticate: Bearer …,error="insufficient_scope"`,
 * code DENIED (the caller is known but not allowed).
 */
const DENIED_V2: Outcome = { status: 401, code: 'DENIED' };
/** /v2/ with an anonymous token that lacks the action: same challenge, code UNAUTHORIZED (log in). */
const UNAUTHORIZED_V2: Outcome = { status: 401, code: 'UNAUTHORIZED' };
/** Management API, no credentials: 401 UNAUTHORIZED with `WWW-Authenticate: Basic realm="berth"`. */
const UNAUTHORIZED_API: Outcome = { status: 401, code: 'UNAUTHORIZED' };
/** Management API, the caller sees the project but may not do this. */
const DENIED_API: Outcome = { status: 403, code: 'DENIED' };
/** Management API, a private project the caller may not pull from: as if it did not exist. */
const INVISIBLE_API: Outcome = { status: 404, code: 'NOT_FOUND' };

export type SubjectId =
  | 'anonymous'
  | 'role-admin'
  | 'role-maintainer'
  | 'role-developer'
  | 'role-guest'
  | 'alias-administrator'
  | 'alias-operator'
  | 'alias-editor'
  | 'alias-viewer'
  | 'non-member'
  | 'bound-image-puller'
  | 'bound-image-pusher'
  | 'bound-image-builder'
  | 'group-image-puller'
  | 'group-developer'
  | 'sa-default'
  | 'sa-builder'
  | 'other-sa-unbound'
  | 'other-sa-image-puller'
  | 'sa-group-image-puller'
  | 'registry-admin';

/** [pull, push, push-new, delete, members], in ACTIONS order. */
type Cells = readonly [Outcome, Outcome, Outcome, Outcome, Outcome];

export interface SubjectRow {
  id: SubjectId;
  /** Who this is, for the doc (Markdown). */
  label: string;
  expect: Record<Visibility, Cells>;
}

// Rows shared by several subjects.
const ADMIN_LIKE: Cells = [OK, CREATED, CREATED, DELETED, CREATED];
const MAINTAINER: Cells = [OK, CREATED, CREATED, DELETED, DENIED_API];
const DEVELOPER: Cells = [OK, CREATED, CREATED, DENIED_V2, DENIED_API];
const PULL_ONLY: Cells = [OK, DENIED_V2, DENIED_V2, DENIED_V2, DENIED_API];
const PUSHER: Cells = [OK, CREATED, DENIED_V2, DENIED_V2, DENIED_API];
/** Authenticated but nothing granted, in a private project: indistinguishable from a project that does not exist. */
const STRANGER_PRIVATE: Cells = [DENIED_V2, DENIED_V2, DENIED_V2, DENIED_V2, INVISIBLE_API];
const ANONYMOUS_PUBLIC: Cells = [OK, UNAUTHORIZED_V2, UNAUTHORIZED_V2, UNAUTHORIZED_V2, UNAUTHORIZED_API];
const ANONYMOUS_PRIVATE: Cells = [
  UNAUTHORIZED_V2,
  UNAUTHORIZED_V2,
  UNAUTHORIZED_V2,
  UNAUTHORIZED_V2,
  UNAUTHORIZED_API,
];

const both = (cells: Cells): Record<Visibility, Cells> => ({ public: cells, private: cells });

/** Rows = subjects, relative to the project P under test (public or private). */
export const ACCESS_MATRIX: readonly SubjectRow[] = [
  { id: 'anonymous', label: 'anonymous', expect: { public: ANONYMOUS_PUBLIC, private: ANONYMOUS_PRIVATE } },
  { id: 'role-admin', label: 'member, role `admin`', expect: both(ADMIN_LIKE) },
  { id: 'role-maintainer', label: 'member, role `maintainer`', expect: both(MAINTAINER) },
  { id: 'role-developer', label: 'member, role `developer`', expect: both(DEVELOPER) },
  { id: 'role-guest', label: 'member, role `guest`', expect: both(PULL_ONLY) },
  {
    id: 'alias-administrator',
    label: 'member, role `administrator` (= admin)',
    expect: both(ADMIN_LIKE),
  },
  { id: 'alias-operator', label: 'member, role `operator` (= developer)', expect: both(DEVELOPER) },
  { id: 'alias-editor', label: 'member, role `editor` (= guest)', expect: both(PULL_ONLY) },
  { id: 'alias-viewer', label: 'member, role `viewer` (= guest)', expect: both(PULL_ONLY) },
  {
    id: 'non-member',
    label: 'user who is no member (and has no binding)',
    expect: { public: PULL_ONLY, private: STRANGER_PRIVATE },
  },
  {
    id: 'bound-image-puller',
    label: 'user of another project, bound `image-puller` in P',
    expect: both(PULL_ONLY),
  },
  {
    id: 'bound-image-pusher',
    label: 'user of another project, bound `image-pusher` in P',
    expect: both(PUSHER),
  },
  {
    id: 'bound-image-builder',
    label: 'user of another project, bound `image-builder` in P',
    expect: both(DEVELOPER),
  },
  {
    id: 'group-image-puller',
    label: 'user in a group bound `image-puller` in P',
    expect: both(PULL_ONLY),
  },
  {
    id: 'group-developer',
    label: 'user in a group that is a member of P, role `developer`',
    expect: both(DEVELOPER),
  },
  { id: 'sa-default', label: 'service account `P:default`', expect: both(PULL_ONLY) },
  { id: 'sa-builder', label: 'service account `P:builder`', expect: both(DEVELOPER) },
  {
    id: 'other-sa-unbound',
    label: 'service account `O:default` of another project, no binding',
    expect: { public: PULL_ONLY, private: STRANGER_PRIVATE },
  },
  {
    id: 'other-sa-image-puller',
    label:
      'service account `O:builder` of another project, bound `image-puller` in P (subject kind serviceaccount)',
    expect: both(PULL_ONLY),
  },
  {
    id: 'sa-group-image-puller',
    label: 'service account `S:default`, through group `serviceaccounts:S` bound `image-puller` in P',
    expect: both(PULL_ONLY),
  },
  { id: 'registry-admin', label: 'registry administrator (not a member)', expect: both(ADMIN_LIKE) },
];

/** The expected outcome of one cell. */
export function expectedOutcome(row: SubjectRow, visibility: Visibility, action: Action): Outcome {
  return row.expect[visibility][ACTIONS.indexOf(action)];
}

// ---- Image scope: a `global` repository in a private project ----

export type GlobalAction = 'pull-global' | 'pull-namespace' | 'push-global';

export const GLOBAL_ACTIONS: readonly GlobalAction[] = ['pull-global', 'pull-namespace', 'push-global'];

export const GLOBAL_ACTION_TITLES: Record<GlobalAction, string> = {
  'pull-global': 'pull `P/shared` (scope global)',
  'pull-namespace': 'pull `P/app` (scope namespace)',
  'push-global': 'push to `P/shared`',
};

export type GlobalSubjectId = 'anonymous' | 'non-member' | 'other-sa-unbound';

export interface GlobalRow {
  id: GlobalSubjectId;
  label: string;
  expect: readonly [Outcome, Outcome, Outcome];
}

/** P is private here; the subjects hold nothing in it. */
export const GLOBAL_SCOPE_MATRIX: readonly GlobalRow[] = [
  { id: 'anonymous', label: 'anonymous', expect: [UNAUTHORIZED_V2, UNAUTHORIZED_V2, UNAUTHORIZED_V2] },
  { id: 'non-member', label: 'user who is no member of P', expect: [OK, DENIED_V2, DENIED_V2] },
  {
    id: 'other-sa-unbound',
    label: 'service account `O:default` of another project',
    expect: [OK, DENIED_V2, DENIED_V2],
  },
];

export function expectedGlobalOutcome(row: GlobalRow, action: GlobalAction): Outcome {
  return row.expect[GLOBAL_ACTIONS.indexOf(action)];
}

/** `200`, `401 DENIED`: how outcomes are compared and printed. */
export function formatOutcome(outcome: Outcome): string {
  return outcome.code ? `${outcome.status} ${outcome.code}` : String(outcome.status);
}
