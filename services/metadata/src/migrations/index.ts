import { InitialSchema1795350000000 } from './1795350000000-initial-schema';

/** Every migration of the metadata schema, oldest first. */
export const METADATA_MIGRATIONS = [InitialSchema1795350000000];
