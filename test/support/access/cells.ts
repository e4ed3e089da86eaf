import type { Credentials } from './http';
import { outcomeOf } from './http';
import type { Action, GlobalAction, GlobalSubjectId, Outcome, Visibility } from './matrix';
import { deleteManifest, getManifest, pushImage, putManifest, tinyImage, v2Outcome, variantOf } from './oci';
import { RestClient } from './rest';
import { noteSecret } from './secrets';
import { requestToken } from './tokens';
import type { MatrixWorld } from './world';

// One cell = one action by one subject, performed the way a client does it (token from the
// realm with the subject's credentials, then the request with Bearer), plus a check with the
// administrator's eyes that the registry's state agrees with the answer (a refused push left
// nothing, a refused delete deleted nothing).

/** A token for `scopes`, or the token endpoint's refusal as the cell's outcome. */
async function subjectToken(
  world: MatrixWorld,
  creds: Credentials | undefined,
  scopes: string[],
): Promise<{ token: string } | { outcome: Outcome }> {
  const reply = await requestToken(world.realm, creds, scopes);
  if (reply.status !== 200 || !reply.token)
    return { outcome: { status: reply.status, code: `token endpoint refused: ${reply.code ?? '?'}` } };
  noteSecret('access token (signature)', reply.token.split('.')[2]);
  return { token: reply.token };
}

function annotate(outcome: Outcome, note: string): Outcome {
  return { ...outcome, code: `${outcome.code ?? ''} (${note})`.trim() };
}

async function pull(world: MatrixWorld, creds: Credentials | undefined, repo: string, digest: string) {
  const t = await subjectToken(world, creds, [`repository:${repo}:pull`]);
  if ('outcome' in t) return t.outcome;
  const reply = await getManifest(world.base, t.token, repo, 'v1');
  const outcome = v2Outcome(reply, true);
  if (reply.status === 200 && reply.headers.get('docker-content-digest') !== digest)
    return annotate(outcome, `served ${reply.headers.get('docker-content-digest')}, pushed ${digest}`);
  return outcome;
}

async function push(
  world: MatrixWorld,
  creds: Credentials | undefined,
  repo: string,
  tag: string,
  isNew: boolean,
) {
  const t = await subjectToken(world, creds, [`repository:${repo}:pull,push`]);
  if ('outcome' in t) return t.outcome;
  const image = tinyImage(`${repo}:${tag}`);
  const { outcome } = await pushImage(world.base, t.token, repo, tag, image);
  // What the administrator sees afterwards.
  const adminToken = await world.adminToken(repo, 'pull');
  const after = await getManifest(world.base, adminToken, repo, tag);
  if (outcome.status === 201 && after.status !== 200)
    return annotate(outcome, `but the tag answers ${after.status}`);
  if (outcome.status !== 201) {
    if (after.status !== 404) return annotate(outcome, `but the tag answers ${after.status}`);
    if (isNew) {
      const tags = await fetch(`${world.base}/v2/${repo}/tags/list`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const listed = outcomeOf({ status: tags.status, text: await tags.text() });
      if (listed.status !== 404 || listed.code !== 'NAME_UNKNOWN')
        return annotate(
          outcome,
          `but the new stream exists: tags/list ${listed.status} ${listed.code ?? ''}`,
        );
    }
  }
  return outcome;
}

async function remove(
  world: MatrixWorld,
  creds: Credentials | undefined,
  repo: string,
  cell: string,
  visibility: Visibility,
) {
  // A manifest of its own for this cell, so that cells do not depend on each other.
  const image = variantOf(world.image[visibility], cell);
  const put = await putManifest(
    world.base,
    await world.adminToken(repo, 'pull,push'),
    repo,
    `d-${cell}`,
    image,
  );
  if (put.status !== 201)
    throw new Error(`admin push before the delete of ${cell}: ${put.status} ${put.text}`);
  const t = await subjectToken(world, creds, [`repository:${repo}:delete`]);
  if ('outcome' in t) return t.outcome;
  const outcome = v2Outcome(await deleteManifest(world.base, t.token, repo, image.digest), true);
  const after = await getManifest(world.base, await world.adminToken(repo, 'pull'), repo, image.digest);
  if (outcome.status === 202 && after.status !== 404)
    return annotate(outcome, `but the manifest answers ${after.status}`);
  if (outcome.status !== 202 && after.status !== 200)
    return annotate(outcome, `but the manifest answers ${after.status}`);
  return outcome;
}

async function addMember(
  world: MatrixWorld,
  creds: Credentials | undefined,
  project: string,
  target: string,
) {
  const client = new RestClient(world.base, creds);
  const reply = await client.send('POST', `/projects/${encodeURIComponent(project)}/members`, {
    subject: { kind: 'group', name: target },
    role: 'guest',
  });
  const outcome = outcomeOf(reply);
  if (reply.status === 401 && !/^Basic realm="berth"/.test(reply.headers.get('www-authenticate') ?? ''))
    return annotate(outcome, `challenge ${JSON.stringify(reply.headers.get('www-authenticate'))}`);
  if (reply.status === 201) {
    const member = reply.json<{ member?: { subject?: { kind: string; name: string }; role?: string } }>()
      .member;
    if (member?.subject?.name !== target || member.role !== 'guest')
      return annotate(outcome, `answered ${reply.text.slice(0, 120)}`);
  }
  return outcome;
}

/** Runs one cell of ACCESS_MATRIX; `cell` is a name unique to it (used in tags and repository names). */
export async function runCell(
  world: MatrixWorld,
  visibility: Visibility,
  subject: Parameters<MatrixWorld['creds']>[1],
  action: Action,
  cell: string,
): Promise<Outcome> {
  const creds = world.creds(visibility, subject);
  const project = world.project[visibility];
  const repo = `${project}/app`;
  switch (action) {
    case 'pull':
      return pull(world, creds, repo, world.image[visibility].digest);
    case 'push':
      return push(world, creds, repo, `p-${cell}`, false);
    case 'push-new':
      return push(world, creds, `${project}/new-${cell}`, 'v1', true);
    case 'delete':
      return remove(world, creds, repo, cell, visibility);
    case 'members':
      return addMember(world, creds, project, world.memberTarget(visibility, subject));
  }
}

/** Runs one cell of GLOBAL_SCOPE_MATRIX (in the private P). */
export async function runGlobalCell(
  world: MatrixWorld,
  subject: GlobalSubjectId,
  action: GlobalAction,
  cell: string,
): Promise<Outcome> {
  const creds = world.creds('private', subject);
  const project = world.project.private;
  switch (action) {
    case 'pull-global':
      return pull(world, creds, `${project}/shared`, world.globalImage.digest);
    case 'pull-namespace':
      return pull(world, creds, `${project}/app`, world.image.private.digest);
    case 'push-global':
      return push(world, creds, `${project}/shared`, `g-${cell}`, false);
  }
}
