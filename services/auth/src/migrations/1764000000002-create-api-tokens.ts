import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Personal API tokens: only the SHA-256 of each secret is stored. */
export class CreateApiTokens1764000000002 implements MigrationInterface {
  name = 'CreateApiTokens1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."api_tokens" (
        "id" text NOT NULL,
        "user_id" uuid NOT NULL,
        "name" text NOT NULL,
        "secret_sha256" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz,
        "last_used_at" timestamptz,
        "revoked_at" timestamptz,
        CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "api_tokens_user_name_key" UNIQUE ("user_id", "name"),
        CONSTRAINT "api_tokens_user_fkey" FOREIGN KEY ("user_id")
          REFERENCES "auth"."users" ("id") ON DELETE CASCADE,
        CONSTRAINT "api_tokens_secret_sha256_length" CHECK (octet_length("secret_sha256") = 32)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."api_tokens"`);
  }
}
