/**
 * The metadata service's schema and its tables, schema-qualified for raw SQL
 * (TypeORM does not set search_path; entities carry the schema themselves).
 */
export const METADATA_SCHEMA = 'metadata';

const qualified = (table: string): string => `"${METADATA_SCHEMA}"."${table}"`;

export const TABLES = {
  repositories: qualified('repositories'),
  images: qualified('images'),
  imageReferences: qualified('image_references'),
  tags: qualified('tags'),
  tagEvents: qualified('tag_events'),
  outbox: qualified('outbox'),
} as const;
