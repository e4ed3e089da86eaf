import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A manifest recorded in a repository. `subject_digest` makes it a referrer of that digest. */
@Entity({ name: 'images' })
export class ImageEntity {
  @PrimaryColumn({ name: 'repository_id', type: 'bigint' })
  repositoryId!: string;

  @PrimaryColumn({ type: 'text' })
  digest!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ type: 'bigint' })
  size!: string;

  @Column({ name: 'artifact_type', type: 'text', nullable: true })
  artifactType!: string | null;

  @Column({ name: 'config_digest', type: 'text', nullable: true })
  configDigest!: string | null;

  @Column({ name: 'config_media_type', type: 'text', nullable: true })
  configMediaType!: string | null;

  @Column({ name: 'subject_digest', type: 'text', nullable: true })
  subjectDigest!: string | null;

  @Column({ type: 'jsonb', default: {} })
  annotations!: Record<string, string>;

  @Column({ type: 'jsonb', nullable: true })
  platform!: { os: string; architecture: string; variant?: string } | null;

  @Column({ name: 'pushed_by', type: 'text', default: '' })
  pushedBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
