import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TagAction = 'push' | 'delete' | 'image-delete';

/** One change of a tag, kept forever (the tag's history). `digest` is null when the tag was removed. */
@Entity({ name: 'tag_events' })
export class TagEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'repository_id', type: 'bigint' })
  repositoryId!: string;

  @Column({ type: 'text', collation: 'C' })
  tag!: string;

  @Column({ type: 'text', nullable: true })
  digest!: string | null;

  @Column({ name: 'previous_digest', type: 'text', nullable: true })
  previousDigest!: string | null;

  @Column({ type: 'text' })
  action!: TagAction;

  @Column({ type: 'text', default: '' })
  actor!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
