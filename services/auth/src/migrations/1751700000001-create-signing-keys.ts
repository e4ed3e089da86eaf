import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSigningKeys1751700000001 implements MigrationInterface {
  name = 'CreateSigningKeys1751700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."signing_keys" (
        "kid" text NOT NULL,
        "private_key_pem" text NOT NULL,
        "public_key_pem" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "retires_at" timestamptz,
        "expires_at" timestamptz,
        CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid"),
        CONSTRAINT "signing_keys_expiry_after_retirement"
          CHECK ("expires_at" IS NULL OR ("retires_at" IS NOT NULL AND "expires_at" >= "retires_at"))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."signing_keys"`);
  }
}
