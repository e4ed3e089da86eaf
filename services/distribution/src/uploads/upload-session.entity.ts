import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An open blob upload: its bytes are appended by the gateway at `storageKey`. */
@Entity({ schema: 'distribution', name: 'upload_sessions' })
export class UploadSessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  repository!: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;
}
