import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The current target of a tag. Its history lives in tag_events. */
@Entity({ name: 'tags' })
export class TagEntity {
  @PrimaryColumn({ name: 'repository_id', type: 'bigint' })
  repositoryId!: string;

  @PrimaryColumn({ type: 'text', collation: 'C' })
  name!: string;

  @Column({ type: 'text' })
  digest!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
