import { Entity, PrimaryColumn } from 'typeorm';

export type ReferenceKind = 'blob' | 'manifest' | 'config';

/** An edge of the reference graph: image (repository, digest) needs `referencedDigest`. Read by GC. */
@Entity({ name: 'image_references' })
export class ImageReferenceEntity {
  @PrimaryColumn({ name: 'repository_id', type: 'bigint' })
  repositoryId!: string;

  @PrimaryColumn({ type: 'text' })
  digest!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: ReferenceKind;

  @PrimaryColumn({ name: 'referenced_digest', type: 'text' })
  referencedDigest!: string;
}
