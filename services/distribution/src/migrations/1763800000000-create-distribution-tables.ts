import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The distribution schema: upload sessions, blobs and manifests (content addressed) and the links
 * saying which repository may read which of them. Links reference their blob or manifest without
 * cascading, so a row can never be pruned while a repository still links it.
 */
export class CreateDistributionTables1763800000000 implements MigrationInterface {
  name = 'CreateDistributionTables1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "distribution"."upload_sessions" (
        "id" uuid PRIMARY KEY,
        "repository" text NOT NULL,
        "storage_key" text NOT NULL,
        "started_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // Expired-upload cleanup scans by age.
    await queryRunner.query(
      `CREATE INDEX "upload_sessions_started_at_idx" ON "distribution"."upload_sessions" ("started_at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "distribution"."blobs" (
        "digest" text PRIMARY KEY,
        "size" bigint NOT NULL CHECK ("size" >= 0),
        "storage_key" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "distribution"."repository_blobs" (
        "repository" text NOT NULL,
        "digest" text NOT NULL REFERENCES "distribution"."blobs" ("digest"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("repository", "digest")
      )`);
    // "Which repositories link this blob" (mount without a source, pruning).
    await queryRunner.query(
      `CREATE INDEX "repository_blobs_digest_idx" ON "distribution"."repository_blobs" ("digest")`,
    );

    await queryRunner.query(`
      CREATE TABLE "distribution"."manifests" (
        "digest" text PRIMARY KEY,
        "media_type" text NOT NULL,
        "size" bigint NOT NULL CHECK ("size" >= 0),
        "storage_key" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "distribution"."repository_manifests" (
        "repository" text NOT NULL,
        "digest" text NOT NULL REFERENCES "distribution"."manifests" ("digest"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("repository", "digest")
      )`);
    await queryRunner.query(
      `CREATE INDEX "repository_manifests_digest_idx" ON "distribution"."repository_manifests" ("digest")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "distribution"."repository_manifests"`);
    await queryRunner.query(`DROP TABLE "distribution"."manifests"`);
    await queryRunner.query(`DROP TABLE "distribution"."repository_blobs"`);
    await queryRunner.query(`DROP TABLE "distribution"."blobs"`);
    await queryRunner.query(`DROP TABLE "distribution"."upload_sessions"`);
  }
}
