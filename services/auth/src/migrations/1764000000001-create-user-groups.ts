import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Administrator-managed user groups and their members. */
export class CreateUserGroups1764000000001 implements MigrationInterface {
  name = 'CreateUserGroups1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."user_groups" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "user_groups_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "user_groups_name_key" UNIQUE ("name"),
        CONSTRAINT "user_groups_name_format"
          CHECK ("name" ~ '^[a-z0-9][a-z0-9._-]{0,63}$' AND "name" <> 'authenticated')
      )`);
    await queryRunner.query(`
      CREATE TABLE "auth"."user_group_members" (
        "group_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "added_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "user_group_members_pkey" PRIMARY KEY ("group_id", "user_id"),
        CONSTRAINT "user_group_members_group_fkey" FOREIGN KEY ("group_id")
          REFERENCES "auth"."user_groups" ("id") ON DELETE CASCADE,
        CONSTRAINT "user_group_members_user_fkey" FOREIGN KEY ("user_id")
          REFERENCES "auth"."users" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "user_group_members_user_idx" ON "auth"."user_group_members" ("user_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."user_group_members"`);
    await queryRunner.query(`DROP TABLE "auth"."user_groups"`);
  }
}
