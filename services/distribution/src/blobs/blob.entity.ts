import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../bigint.transformer';

/** A stored blob, content addressed: one row per digest, whichever repositories link it. */
@Entity({ schema: 'distribution', name: 'blobs' })
export class BlobEntity {
  @PrimaryColumn({ type: 'text' })
  digest!: string;

  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  size!: number;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
