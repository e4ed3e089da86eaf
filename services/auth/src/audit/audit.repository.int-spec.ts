import { openIdentityDatabase, type IdentityDatabase } from '../identity/testing/identity-database';
import type { AuditRecord } from '../ports/audit-log.port';
import { normalizeRecord } from './audit-event';
import { AuditRepository } from './audit.repository';

describe('AuditRepository (PostgreSQL)', () => {
  let idb: IdentityDatabase;
  let audit: AuditRepository;

  beforeAll(async () => {
    idb = await openIdentityDatabase();
    audit = new AuditRepository(idb.ds);
    const events: AuditRecord[] = [
      { actor: 'alice', action: 'login', clientIp: '10.0.0.1', details: { credential: 'password' } },
      {
        actor: 'anonymous',
        action: 'login.failed',
        target: 'bob',
        outcome: 'failure',
        details: { reason: 'unknown user' },
      },
      { actor: 'alice', action: 'member.added', project: 'team-a', target: 'user:bob' },
      { actor: 'admin', action: 'group.created', target: 'group:devs' },
      {
        actor: 'alice',
        action: 'token.issued',
        project: 'team-a',
        details: { granted: 'repository:team-a/app:pull' },
      },
    ];
    for (const e of events) await audit.insert(normalizeRecord(e));
  });
  afterAll(() => idb?.close());

  it('lists newest first with every field', async () => {
    const events = await audit.list({ limit: 10 });
    expect(events.map((e) => e.action)).toEqual([
      'token.issued',
      'group.created',
      'member.added',
      'login.failed',
      'login',
    ]);
    expect(events[3]).toMatchObject({
      actor: 'anonymous',
      target: 'bob',
      project: '',
      outcome: 'failure',
      details: { reason: 'unknown user' },
    });
    expect(events[4]).toMatchObject({
      clientIp: '10.0.0.1',
      outcome: 'success',
      details: { credential: 'password' },
    });
    expect(Number(events[0].id)).toBeGreaterThan(Number(events[1].id));
    expect(events[0].at.getTime()).toBeGreaterThanOrEqual(events[4].at.getTime());
  });

  it('filters by project, action and actor, and pages with before', async () => {
    await expect(
      audit.list({ project: 'team-a', limit: 10 }).then((e) => e.map((x) => x.action)),
    ).resolves.toEqual(['token.issued', 'member.added']);
    await expect(audit.list({ actor: 'alice', action: 'login', limit: 10 })).resolves.toHaveLength(1);
    const [newest, second] = await audit.list({ limit: 2 });
    const next = await audit.list({ limit: 2, before: second.id });
    expect(next.map((e) => e.action)).toEqual(['member.added', 'login.failed']);
    expect(newest.id).not.toBe(second.id);
  });

  it('shows only the events since the project now named so was created, when asked', async () => {
    // The previous owner's project "reborn", deleted an hour ago, and the one created since.
    await audit.insert(normalizeRecord({ actor: 'eve', action: 'member.added', project: 'reborn' }));
    await idb.ds.query(
      `UPDATE "auth"."audit_events" SET "at" = now() - interval '1 hour' WHERE "project" = 'reborn'`,
    );
    await expect(audit.list({ project: 'reborn', limit: 10, sinceProjectCreated: true })).resolves.toEqual(
      [],
    );
    await idb.ds.query(`INSERT INTO "auth"."projects" ("name", "created_by") VALUES ('reborn', 'bob')`);
    await audit.insert(normalizeRecord({ actor: 'bob', action: 'project.created', project: 'reborn' }));
    const mine = await audit.list({ project: 'reborn', limit: 10, sinceProjectCreated: true });
    expect(mine.map((e) => [e.actor, e.action])).toEqual([['bob', 'project.created']]);
    await expect(audit.list({ project: 'reborn', limit: 10 })).resolves.toHaveLength(2);
  });
});
