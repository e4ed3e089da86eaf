import { REPOSITORY_COUNT_CONCURRENCY } from './projects.service';
import { startProjectsTestApp, type ProjectsTestApp } from './testing/projects-test-app';

// Listing projects counts each one's repositories through metadata ListRepositories: exact
// counts (paged), but only a bounded number of namespaces at a time (gRPC, real PostgreSQL,
// fake metadata that records how many calls are in flight).
jest.setTimeout(60_000);

describe('listing projects (gRPC, real PostgreSQL)', () => {
  let t: ProjectsTestApp;
  const names = Array.from({ length: 20 }, (_, i) => `p${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    t = await startProjectsTestApp();
    await t.addUser('root', { admin: true });
    for (const name of names) await t.client.createProject({ name, public: false }, t.as('root'));
    for (let i = 0; i < 2500; i++) t.peers.repositories.add(`p00/app-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < 3; i++) t.peers.repositories.add(`p01/app-${i}`);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('counts repositories exactly, at most a few namespaces at a time', async () => {
    t.peers.listDelayMs = 30;
    t.peers.maxListsInFlight = 0;
    const { projects, more } = await t.client.listProjects({ limit: 1000 }, t.as('root'));
    t.peers.listDelayMs = 0;

    expect(more).toBe(false);
    expect(projects.map((p) => p.name)).toEqual(names);
    expect(projects.map((p) => p.repositoryCount)).toEqual([2500, 3, ...Array<number>(18).fill(0)]);
    expect(t.peers.maxListsInFlight).toBe(REPOSITORY_COUNT_CONCURRENCY);
  });
});
