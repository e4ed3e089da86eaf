import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Repositories whose image scope is not the default `namespace`; a missing row means `namespace`. */
export class CreateImageScopes1764100000003 implements MigrationInterface {
  name = 'CreateImageScopes1764100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."image_scopes" (
        "repository" text COLLATE "C" NOT NULL,
        "project_id" uuid NOT NULL,
        "scope" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" text NOT NULL,
        CONSTRAINT "image_scopes_pkey" PRIMARY KEY ("repository"),
        CONSTRAINT "image_scopes_project_fkey" FOREIGN KEY ("project_id")
          REFERENCES "auth"."projects" ("id") ON DELETE CASCADE,
        CONSTRAINT "image_scopes_scope" CHECK ("scope" IN ('global'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "image_scopes_project_idx" ON "auth"."image_scopes" ("project_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."image_scopes"`);
  }
}
