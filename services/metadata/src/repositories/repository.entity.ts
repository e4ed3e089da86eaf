import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A repository (image stream). Kept when its last image is deleted: the catalog keeps listing it. */
@Entity({ name: 'repositories' })
export class RepositoryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text', collation: 'C', unique: true })
  name!: string;

  @Column({ type: 'text', default: 'namespace' })
  scope!: 'namespace' | 'global';

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
