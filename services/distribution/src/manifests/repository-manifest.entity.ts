import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Manifest `digest` is stored in repository `repository`. */
@Entity({ schema: 'distribution', name: 'repository_manifests' })
export class RepositoryManifestEntity {
  @PrimaryColumn({ type: 'text' })
  repository!: string;

  @PrimaryColumn({ type: 'text' })
  digest!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
