import { OutboxEntity } from '../events/outbox.entity';
import { ImageReferenceEntity } from '../images/image-reference.entity';
import { ImageEntity } from '../images/image.entity';
import { RepositoryEntity } from '../repositories/repository.entity';
import { TagEventEntity } from '../tags/tag-event.entity';
import { TagEntity } from '../tags/tag.entity';

/** Every TypeORM entity of the metadata schema (private to this service). */
export const METADATA_ENTITIES = [
  RepositoryEntity,
  ImageEntity,
  ImageReferenceEntity,
  TagEntity,
  TagEventEntity,
  OutboxEntity,
];
