import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Credentials for other registries, per project; the password sealed with the secrets key. */
export class CreateRegistryCredentials1764100000004 implements MigrationInterface {
  name = 'CreateRegistryCredentials1764100000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."registry_credentials" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "project_id" uuid NOT NULL,
        "name" text COLLATE "C" NOT NULL,
        "server" text NOT NULL,
        "username" text NOT NULL,
        "email" text NOT NULL DEFAULT '',
        "password_sealed" bytea NOT NULL,
        "password_key_id" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" text NOT NULL,
        CONSTRAINT "registry_credentials_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "registry_credentials_project_fkey" FOREIGN KEY ("project_id")
          REFERENCES "auth"."projects" ("id") ON DELETE CASCADE,
        CONSTRAINT "registry_credentials_name_key" UNIQUE ("project_id", "name")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."registry_credentials"`);
  }
}
