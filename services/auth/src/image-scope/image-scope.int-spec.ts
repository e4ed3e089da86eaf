import { ErrorCode } from '@berth/errors';
import { startProjectsTestApp, type ProjectsTestApp } from '../projects/testing/projects-test-app';

// Image scope over gRPC with real PostgreSQL.
jest.setTimeout(60_000);

const code = (c: ErrorCode) => expect.objectContaining({ code: c });

describe('image scope (gRPC, real PostgreSQL)', () => {
  let t: ProjectsTestApp;

  beforeAll(async () => {
    t = await startProjectsTestApp();
    await t.addUser('alice');
    await t.addUser('mia');
    await t.addUser('dev');
    await t.addUser('outsider');
    await t.client.createProject({ name: 'base', public: false }, t.as('alice'));
    await t.client.addMember(
      { project: 'base', subject: { kind: 'user', name: 'mia' }, role: 'maintainer' },
      t.as('alice'),
    );
    await t.client.addMember(
      { project: 'base', subject: { kind: 'user', name: 'dev' }, role: 'developer' },
      t.as('alice'),
    );
    t.peers.repositories.add('base/ubuntu');
    t.peers.repositories.add('base/secret');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is namespace by default, and hidden from who may not pull', async () => {
    await expect(t.client.getImageScope({ repository: 'base/ubuntu' }, t.as('dev'))).resolves.toEqual({
      repository: 'base/ubuntu',
      scope: 'namespace',
    });
    const hidden = await t.client
      .getImageScope({ repository: 'base/ubuntu' }, t.as('outsider'))
      .catch((e: Error) => e);
    const missing = await t.client
      .getImageScope({ repository: 'nope/ubuntu' }, t.as('outsider'))
      .catch((e: Error) => e);
    expect(hidden).toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: 'repository "base/ubuntu" not found',
    });
    expect(missing).toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: 'repository "nope/ubuntu" not found',
    });
  });

  it('is set by admins and maintainers only; global makes it visible to every authenticated caller', async () => {
    await expect(
      t.client.setImageScope({ repository: 'base/ubuntu', scope: 'global' }, t.as('dev')),
    ).rejects.toThrow(code(ErrorCode.DENIED));
    await expect(
      t.client.setImageScope({ repository: 'base/ubuntu', scope: 'global' }, t.as('outsider')),
    ).rejects.toThrow(code(ErrorCode.NOT_FOUND));
    await expect(
      t.client.setImageScope({ repository: 'base/ubuntu', scope: 'global' }, t.as('mia')),
    ).resolves.toEqual({
      repository: 'base/ubuntu',
      scope: 'global',
    });
    await expect(
      t.client.getImageScope({ repository: 'base/ubuntu' }, t.as('outsider')),
    ).resolves.toMatchObject({
      scope: 'global',
    });
    await expect(t.client.getImageScope({ repository: 'base/ubuntu' }, t.as())).rejects.toThrow(
      code(ErrorCode.NOT_FOUND),
    );
    await expect(t.client.getImageScope({ repository: 'base/secret' }, t.as('outsider'))).rejects.toThrow(
      code(ErrorCode.NOT_FOUND),
    );
    const visible = await t.client.filterVisibleRepositories(
      { repositories: ['base/secret', 'base/ubuntu'] },
      t.as('outsider'),
    );
    expect(visible.repositories).toEqual(['base/ubuntu']);
    expect(t.audit.events).toContainEqual(
      expect.objectContaining({
        actor: 'mia',
        action: 'imagescope.changed',
        target: 'base/ubuntu',
        details: { scope: 'global' },
      }),
    );
  });

  it('can be set back to namespace', async () => {
    await t.client.setImageScope({ repository: 'base/ubuntu', scope: 'namespace' }, t.as('alice'));
    await expect(t.client.getImageScope({ repository: 'base/ubuntu' }, t.as('outsider'))).rejects.toThrow(
      code(ErrorCode.NOT_FOUND),
    );
    await expect(t.client.getImageScope({ repository: 'base/ubuntu' }, t.as('alice'))).resolves.toMatchObject(
      {
        scope: 'namespace',
      },
    );
  });

  it('refuses to make a repository that does not exist global, and bad input', async () => {
    await expect(
      t.client.setImageScope({ repository: 'base/nothing', scope: 'global' }, t.as('alice')),
    ).rejects.toThrow(code(ErrorCode.NOT_FOUND));
    await expect(
      t.client.setImageScope({ repository: 'base/ubuntu', scope: 'world' }, t.as('alice')),
    ).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
    await expect(
      t.client.setImageScope({ repository: 'ubuntu', scope: 'global' }, t.as('alice')),
    ).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
  });
});
