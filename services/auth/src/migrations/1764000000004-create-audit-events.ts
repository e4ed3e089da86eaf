import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log of security-relevant actions, newest first by id. */
export class CreateAuditEvents1764000000004 implements MigrationInterface {
  name = 'CreateAuditEvents1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."audit_events" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor" text NOT NULL,
        "action" text NOT NULL,
        "project" text NOT NULL DEFAULT '',
        "target" text NOT NULL DEFAULT '',
        "client_ip" text NOT NULL DEFAULT '',
        "outcome" text NOT NULL DEFAULT 'success',
        "details" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "audit_events_outcome" CHECK ("outcome" IN ('success', 'failure'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "audit_events_project_idx" ON "auth"."audit_events" ("project", "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_actor_idx" ON "auth"."audit_events" ("actor", "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_action_idx" ON "auth"."audit_events" ("action", "id" DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."audit_events"`);
  }
}
