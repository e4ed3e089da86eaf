import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The metadata schema: repositories (image streams), images with their
 * reference graph, tags with their full history, and the event outbox.
 *
 * Names and tags use COLLATE "C" so that their unique indexes serve the
 * byte-lexical ordering and `> last` paging the OCI API expects. Referrers are
 * derived from images.subject_digest (partial index), not stored separately.
 */
export class InitialSchema1795350000000 implements MigrationInterface {
  name = 'InitialSchema1795350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "metadata"."repositories" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "name" text COLLATE "C" NOT NULL,
        "scope" text NOT NULL DEFAULT 'namespace',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "repositories_name_key" UNIQUE ("name"),
        CONSTRAINT "repositories_scope_check" CHECK ("scope" IN ('namespace', 'global'))
      )`);

    await q.query(`
      CREATE TABLE "metadata"."images" (
        "repository_id" bigint NOT NULL REFERENCES "metadata"."repositories" ("id") ON DELETE CASCADE,
        "digest" text NOT NULL,
        "media_type" text NOT NULL,
        "size" bigint NOT NULL,
        "artifact_type" text,
        "config_digest" text,
        "config_media_type" text,
        "subject_digest" text,
        "annotations" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "platform" jsonb,
        "pushed_by" text NOT NULL DEFAULT '',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "images_pkey" PRIMARY KEY ("repository_id", "digest"),
        CONSTRAINT "images_size_check" CHECK ("size" >= 0)
      )`);
    await q.query(`
      CREATE INDEX "images_subject_idx" ON "metadata"."images" ("repository_id", "subject_digest")
      WHERE "subject_digest" IS NOT NULL`);

    await q.query(`
      CREATE TABLE "metadata"."image_references" (
        "repository_id" bigint NOT NULL,
        "digest" text NOT NULL,
        "referenced_digest" text NOT NULL,
        "kind" text NOT NULL,
        CONSTRAINT "image_references_pkey" PRIMARY KEY ("repository_id", "digest", "kind", "referenced_digest"),
        CONSTRAINT "image_references_image_fkey" FOREIGN KEY ("repository_id", "digest")
          REFERENCES "metadata"."images" ("repository_id", "digest") ON DELETE CASCADE,
        CONSTRAINT "image_references_kind_check" CHECK ("kind" IN ('blob', 'manifest', 'config'))
      )`);
    await q.query(`
      CREATE INDEX "image_references_referenced_idx" ON "metadata"."image_references" ("referenced_digest", "repository_id")`);

    await q.query(`
      CREATE TABLE "metadata"."tags" (
        "repository_id" bigint NOT NULL REFERENCES "metadata"."repositories" ("id") ON DELETE CASCADE,
        "name" text COLLATE "C" NOT NULL,
        "digest" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "tags_pkey" PRIMARY KEY ("repository_id", "name"),
        CONSTRAINT "tags_image_fkey" FOREIGN KEY ("repository_id", "digest")
          REFERENCES "metadata"."images" ("repository_id", "digest")
      )`);
    await q.query(`CREATE INDEX "tags_image_idx" ON "metadata"."tags" ("repository_id", "digest")`);

    await q.query(`
      CREATE TABLE "metadata"."tag_events" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "repository_id" bigint NOT NULL REFERENCES "metadata"."repositories" ("id") ON DELETE CASCADE,
        "tag" text COLLATE "C" NOT NULL,
        "digest" text,
        "previous_digest" text,
        "action" text NOT NULL,
        "actor" text NOT NULL DEFAULT '',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "tag_events_action_check" CHECK ("action" IN ('push', 'delete', 'image-delete')),
        CONSTRAINT "tag_events_digest_check" CHECK (("action" = 'push') = ("digest" IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX "tag_events_tag_idx" ON "metadata"."tag_events" ("repository_id", "tag", "id" DESC)`,
    );

    await q.query(`
      CREATE TABLE "metadata"."outbox" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "event" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz
      )`);
    await q.query(
      `CREATE INDEX "outbox_unpublished_idx" ON "metadata"."outbox" ("id") WHERE "published_at" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "outbox_published_idx" ON "metadata"."outbox" ("published_at") WHERE "published_at" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "metadata"."outbox"`);
    await q.query(`DROP TABLE "metadata"."tag_events"`);
    await q.query(`DROP TABLE "metadata"."tags"`);
    await q.query(`DROP TABLE "metadata"."image_references"`);
    await q.query(`DROP TABLE "metadata"."images"`);
    await q.query(`DROP TABLE "metadata"."repositories"`);
  }
}
