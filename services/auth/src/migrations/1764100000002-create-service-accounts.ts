import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service accounts of projects, each with at most one current pull secret: its id (the `<id>` of
 * `bsat_<id>_<random>`), SHA-256 (to verify logins) and the token sealed with the secrets key (so
 * project admins can print it again). A revoked secret leaves the secret columns NULL.
 */
export class CreateServiceAccounts1764100000002 implements MigrationInterface {
  name = 'CreateServiceAccounts1764100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."service_accounts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "project_id" uuid NOT NULL,
        "name" text COLLATE "C" NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "secret_id" text,
        "secret_hash" bytea,
        "secret_sealed" bytea,
        "secret_key_id" text,
        "secret_created_at" timestamptz,
        CONSTRAINT "service_accounts_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "service_accounts_project_fkey" FOREIGN KEY ("project_id")
          REFERENCES "auth"."projects" ("id") ON DELETE CASCADE,
        CONSTRAINT "service_accounts_name_key" UNIQUE ("project_id", "name"),
        CONSTRAINT "service_accounts_secret_id_key" UNIQUE ("secret_id"),
        CONSTRAINT "service_accounts_name_format" CHECK ("name" ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
        CONSTRAINT "service_accounts_secret_complete" CHECK (
          ("secret_id" IS NULL) = ("secret_hash" IS NULL)
          AND ("secret_id" IS NULL) = ("secret_sealed" IS NULL)
          AND ("secret_id" IS NULL) = ("secret_key_id" IS NULL)
          AND ("secret_id" IS NULL) = ("secret_created_at" IS NULL)
        )
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."service_accounts"`);
  }
}
