import type { JsonSchema } from '../json-schema';
import { bool, int32, list, message, nullableRef, ref, response, str } from './schema-builders';

const RFC3339 = 'RFC 3339';
const PROJECT_ROLE = 'admin, maintainer, developer, guest (or administrator, operator, editor, viewer)';
const BINDING_ROLE = 'image-puller, image-pusher or image-builder';

/** Messages of berth.auth.v1.ProjectsService as JSON (ts-proto camelCase names). */
export const PROJECTS_SCHEMAS: Record<string, JsonSchema> = {
  Subject: message(
    'A member or binding: a user, a group ("authenticated", "serviceaccounts:<project>" or a user group) or a service account ("<project>:<name>").',
    { kind: str(undefined, { enum: ['user', 'group', 'serviceaccount'] }), name: str() },
    ['kind', 'name'],
  ),
  Project: response('A project (namespace).', {
    name: str(),
    public: bool(),
    createdAt: str(RFC3339),
    createdBy: str(),
    repositoryCount: int32('Number of repositories (image streams) in it'),
    callerRole: str("The caller's project role, empty when not a member"),
  }),
  CreateProjectBody: message(
    'A new project; the caller becomes its admin.',
    { name: str(), public: bool('Anyone, even anonymous, may pull') },
    ['name'],
  ),
  CreateProjectResponse: response('The created project.', { project: nullableRef('Project') }),
  GetProjectResponse: response('One project.', { project: nullableRef('Project') }),
  ListProjectsResponse: response('Projects the caller may see, in lexical order.', {
    projects: list(ref('Project')),
    more: bool(),
  }),
  UpdateProjectBody: message('Change visibility (project admins).', { public: bool() }),
  UpdateProjectResponse: response('The updated project.', { project: nullableRef('Project') }),
  DeleteProjectResponse: response('What was deleted with the project.', {
    deletedRepositories: list(str(), 'Repositories deleted with it (force only)'),
  }),
  Member: response('A member of a project.', {
    subject: nullableRef('Subject'),
    role: str('Canonical role: admin, maintainer, developer or guest'),
    addedAt: str(RFC3339),
  }),
  AddMemberBody: message(
    'A user or group to give a role in the project.',
    { subject: ref('Subject'), role: str(PROJECT_ROLE) },
    ['subject', 'role'],
  ),
  AddMemberResponse: response('The added member.', { member: nullableRef('Member') }),
  ListMembersResponse: response("A project's members.", { members: list(ref('Member')) }),
  UpdateMemberBody: message("A member's new role.", { role: str(PROJECT_ROLE) }, ['role']),
  UpdateMemberResponse: response('The updated member.', { member: nullableRef('Member') }),
  RoleBinding: response('A fine-grained role bound in a project.', {
    project: str(),
    role: str(BINDING_ROLE),
    subject: nullableRef('Subject'),
    createdAt: str(RFC3339),
  }),
  AddRoleBindingBody: message(
    'A fine-grained role for a user, group or service account of any project.',
    { role: str(BINDING_ROLE), subject: ref('Subject') },
    ['role', 'subject'],
  ),
  AddRoleBindingResponse: response('The added binding.', { binding: nullableRef('RoleBinding') }),
  ListRoleBindingsResponse: response("A project's bindings.", { bindings: list(ref('RoleBinding')) }),
  ServiceAccount: response('A service account of a project.', {
    project: str(),
    name: str(),
    subject: str('The token subject: "system:serviceaccount:<project>:<name>"'),
    username: str('The username to log in with: "<project>+<name>"'),
    createdAt: str(RFC3339),
    pullSecretCreatedAt: str(`${RFC3339} of the current pull secret; empty when revoked`),
  }),
  CreateServiceAccountBody: message('A new service account.', { name: str() }, ['name']),
  CreateServiceAccountResponse: response('The created service account.', {
    serviceAccount: nullableRef('ServiceAccount'),
  }),
  ListServiceAccountsResponse: response("A project's service accounts.", {
    serviceAccounts: list(ref('ServiceAccount')),
  }),
  PullSecret: response('Credentials for `docker login`/`podman login`.', {
    username: str(),
    password: str(),
    createdAt: str(RFC3339),
  }),
  GetPullSecretResponse: response("A service account's current pull-secret credentials.", {
    serviceAccount: nullableRef('ServiceAccount'),
    pullSecret: nullableRef('PullSecret'),
  }),
  RotatePullSecretResponse: response('The new pull-secret credentials.', {
    serviceAccount: nullableRef('ServiceAccount'),
    pullSecret: nullableRef('PullSecret'),
  }),
  GetImageScopeResponse: response("A repository's image scope.", {
    repository: str(),
    scope: str('"namespace" or "global"'),
  }),
  SetImageScopeBody: message(
    'The new image scope; global: every authenticated user and service account may pull.',
    { scope: str(undefined, { enum: ['namespace', 'global'] }) },
    ['scope'],
  ),
  SetImageScopeResponse: response("The repository's image scope.", {
    repository: str(),
    scope: str('"namespace" or "global"'),
  }),
  RegistryCredential: response('Credentials for another registry (never the password).', {
    project: str(),
    name: str(),
    server: str('Registry host, e.g. "quay.io" or "registry.example.com:5000"'),
    username: str(),
    email: str(),
    createdAt: str(RFC3339),
  }),
  CreateRegistryCredentialBody: message(
    'Credentials for another registry, stored encrypted.',
    { name: str(), server: str(), username: str(), password: str(), email: str() },
    ['name', 'server', 'username', 'password'],
  ),
  CreateRegistryCredentialResponse: response('The stored credential (without its password).', {
    credential: nullableRef('RegistryCredential'),
  }),
  ListRegistryCredentialsResponse: response("A project's registry credentials.", {
    credentials: list(ref('RegistryCredential')),
  }),
};
