import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Projects (namespaces), their members (users and groups with a project role) and fine-grained role bindings. */
export class CreateProjects1764100000001 implements MigrationInterface {
  name = 'CreateProjects1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."projects" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text COLLATE "C" NOT NULL,
        "public" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" text NOT NULL,
        CONSTRAINT "projects_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "projects_name_key" UNIQUE ("name"),
        CONSTRAINT "projects_name_format" CHECK (
          char_length("name") BETWEEN 2 AND 63 AND "name" ~ '^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*$'
        )
      )`);
    await queryRunner.query(`
      CREATE TABLE "auth"."project_members" (
        "project_id" uuid NOT NULL,
        "subject_kind" text NOT NULL,
        "subject_name" text COLLATE "C" NOT NULL,
        "role" text NOT NULL,
        "added_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "project_members_pkey" PRIMARY KEY ("project_id", "subject_kind", "subject_name"),
        CONSTRAINT "project_members_project_fkey" FOREIGN KEY ("project_id")
          REFERENCES "auth"."projects" ("id") ON DELETE CASCADE,
        CONSTRAINT "project_members_subject_kind" CHECK ("subject_kind" IN ('user', 'group')),
        CONSTRAINT "project_members_role" CHECK ("role" IN ('admin', 'maintainer', 'developer', 'guest'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "project_members_subject_idx" ON "auth"."project_members" ("subject_kind", "subject_name")`,
    );
    await queryRunner.query(`
      CREATE TABLE "auth"."role_bindings" (
        "project_id" uuid NOT NULL,
        "role" text NOT NULL,
        "subject_kind" text NOT NULL,
        "subject_name" text COLLATE "C" NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "role_bindings_pkey" PRIMARY KEY ("project_id", "role", "subject_kind", "subject_name"),
        CONSTRAINT "role_bindings_project_fkey" FOREIGN KEY ("project_id")
          REFERENCES "auth"."projects" ("id") ON DELETE CASCADE,
        CONSTRAINT "role_bindings_subject_kind" CHECK ("subject_kind" IN ('user', 'group', 'serviceaccount')),
        CONSTRAINT "role_bindings_role" CHECK ("role" IN ('image-puller', 'image-pusher', 'image-builder'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "role_bindings_subject_idx" ON "auth"."role_bindings" ("subject_kind", "subject_name")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."role_bindings"`);
    await queryRunner.query(`DROP TABLE "auth"."project_members"`);
    await queryRunner.query(`DROP TABLE "auth"."projects"`);
  }
}
