import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Repository `repository` may read blob `digest`. */
@Entity({ schema: 'distribution', name: 'repository_blobs' })
export class RepositoryBlobEntity {
  @PrimaryColumn({ type: 'text' })
  repository!: string;

  @PrimaryColumn({ type: 'text' })
  digest!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
