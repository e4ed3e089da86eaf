import type { ChangeEvent } from '@berth/queue';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A change event written in the transaction that made the change; published to Redis afterwards. */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'jsonb' })
  event!: ChangeEvent;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
