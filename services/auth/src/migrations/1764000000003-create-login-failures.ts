import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed-login counters per (username, client address), shared by every auth replica. */
export class CreateLoginFailures1764000000003 implements MigrationInterface {
  name = 'CreateLoginFailures1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."login_failures" (
        "username" text NOT NULL,
        "client_ip" text NOT NULL,
        "failures" integer NOT NULL,
        "window_started_at" timestamptz NOT NULL,
        "locked_until" timestamptz,
        CONSTRAINT "login_failures_pkey" PRIMARY KEY ("username", "client_ip"),
        CONSTRAINT "login_failures_failures_positive" CHECK ("failures" > 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX "login_failures_window_started_at_idx" ON "auth"."login_failures" ("window_started_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."login_failures"`);
  }
}
