import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login attempts per user across every client address (BERTH_LOGIN_MAX_FAILURES_PER_USER), next
 * to the per-(user, address) counters. Attempts are now reserved before the secret is checked and
 * given back when they turn out not to be failures, so a counter may go back to 0.
 */
export class CreateLoginFailuresByUser1764200000001 implements MigrationInterface {
  name = 'CreateLoginFailuresByUser1764200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."login_failures_by_user" (
        "username" text NOT NULL,
        "failures" integer NOT NULL,
        "window_started_at" timestamptz NOT NULL,
        "locked_until" timestamptz,
        CONSTRAINT "login_failures_by_user_pkey" PRIMARY KEY ("username"),
        CONSTRAINT "login_failures_by_user_failures_not_negative" CHECK ("failures" >= 0)
      )`);
    await queryRunner.query(
      `CREATE INDEX "login_failures_by_user_window_started_at_idx" ON "auth"."login_failures_by_user" ("window_started_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth"."login_failures" DROP CONSTRAINT "login_failures_failures_positive"`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth"."login_failures" ADD CONSTRAINT "login_failures_failures_not_negative" CHECK ("failures" >= 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "auth"."login_failures" WHERE "failures" = 0`);
    await queryRunner.query(
      `ALTER TABLE "auth"."login_failures" DROP CONSTRAINT "login_failures_failures_not_negative"`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth"."login_failures" ADD CONSTRAINT "login_failures_failures_positive" CHECK ("failures" > 0)`,
    );
    await queryRunner.query(`DROP TABLE "auth"."login_failures_by_user"`);
  }
}
