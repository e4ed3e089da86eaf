import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../bigint.transformer';

/** Manifest bytes, content addressed; the payload is stored at `storageKey` exactly as pushed. */
@Entity({ schema: 'distribution', name: 'manifests' })
export class ManifestEntity {
  @PrimaryColumn({ type: 'text' })
  digest!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  size!: number;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
