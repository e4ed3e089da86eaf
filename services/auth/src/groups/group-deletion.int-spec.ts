import { ADMIN, callOf, RecordingAuditLog } from '../identity/testing/identity-fakes';
import { openIdentityDatabase, type IdentityDatabase } from '../identity/testing/identity-database';
import { ProjectSubjectReferences } from '../policy/subject-references';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

// Deleting a group with the real projects-side SubjectReferences: the group's row is locked and
// its project memberships and role bindings go in the same transaction as the group itself.
describe('Group deletion (PostgreSQL)', () => {
  let idb: IdentityDatabase;
  let groups: GroupsService;
  let projectId: string;

  const referencesTo = async (group: string): Promise<string[]> => {
    const rows: Array<{ what: string }> = await idb.ds.query(
      `SELECT 'member' AS what FROM "auth"."project_members" WHERE subject_kind = 'group' AND subject_name = $1
       UNION ALL
       SELECT 'binding' FROM "auth"."role_bindings" WHERE subject_kind = 'group' AND subject_name = $1
       ORDER BY 1`,
      [group],
    );
    return rows.map((r) => r.what);
  };

  const refer = (
    group: string,
    run: (sql: string, params: unknown[]) => Promise<unknown> = (s, p) => idb.ds.query(s, p),
  ) =>
    Promise.all([
      run(
        `INSERT INTO "auth"."project_members" (project_id, subject_kind, subject_name, role) VALUES ($1, 'group', $2, 'developer')`,
        [projectId, group],
      ),
      run(
        `INSERT INTO "auth"."role_bindings" (project_id, role, subject_kind, subject_name) VALUES ($1, 'image-puller', 'group', $2)`,
        [projectId, group],
      ),
    ]);

  beforeAll(async () => {
    idb = await openIdentityDatabase();
    groups = new GroupsService(
      new GroupsRepository(idb.ds),
      new ProjectSubjectReferences(idb.ds),
      new RecordingAuditLog(),
    );
    const rows: Array<{ id: string }> = await idb.ds.query(
      `INSERT INTO "auth"."projects" (name, created_by) VALUES ('team', 'admin') RETURNING id`,
    );
    projectId = rows[0].id;
  });
  afterAll(() => idb?.close());

  it('forgets the group’s memberships and bindings with it', async () => {
    await groups.create(callOf(ADMIN), 'devs');
    await refer('devs');
    await expect(referencesTo('devs')).resolves.toEqual(['binding', 'member']);
    await groups.delete(callOf(ADMIN), 'devs');
    await expect(referencesTo('devs')).resolves.toEqual([]);
  });

  it('keeps the references when the group cannot be deleted (one transaction)', async () => {
    await groups.create(callOf(ADMIN), 'doomed');
    await refer('doomed');
    await idb.ds.query(`
      CREATE FUNCTION "auth"."refuse_doomed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
    await idb.ds.query(`
      CREATE TRIGGER "refuse_doomed" BEFORE DELETE ON "auth"."user_groups"
      FOR EACH ROW WHEN (OLD.name = 'doomed') EXECUTE FUNCTION "auth"."refuse_doomed"()`);
    jest.spyOn(console, 'log').mockImplementation(() => undefined); // TypeORM logs failed queries
    try {
      await expect(groups.delete(callOf(ADMIN), 'doomed')).rejects.toThrow('refused by test');
      await expect(referencesTo('doomed')).resolves.toEqual(['binding', 'member']);
    } finally {
      jest.restoreAllMocks();
      await idb.ds.query(`DROP TRIGGER "refuse_doomed" ON "auth"."user_groups"`);
      await idb.ds.query(`DROP FUNCTION "auth"."refuse_doomed"()`);
    }
    await groups.delete(callOf(ADMIN), 'doomed');
    await expect(referencesTo('doomed')).resolves.toEqual([]);
  });

  it('waits for a transaction that holds the group to add a binding, then forgets that binding too', async () => {
    await groups.create(callOf(ADMIN), 'ops');
    const adding = idb.ds.createQueryRunner();
    await adding.connect();
    await adding.startTransaction();
    try {
      // As adding a member or binding for a group does: the group's row held while inserting.
      await adding.query(`SELECT 1 FROM "auth"."user_groups" WHERE name = 'ops' FOR KEY SHARE`);
      await refer('ops', (sql, params) => adding.query(sql, params));
      let settled = false;
      const deletion = groups.delete(callOf(ADMIN), 'ops').finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await adding.commitTransaction();
      await deletion;
    } finally {
      if (adding.isTransactionActive) await adding.rollbackTransaction();
      await adding.release();
    }
    await expect(referencesTo('ops')).resolves.toEqual([]);
  });
});
