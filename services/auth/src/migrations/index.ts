import { CreateUsers1751700000000 } from './1751700000000-create-users';
import { CreateSigningKeys1751700000001 } from './1751700000001-create-signing-keys';

/** Every migration of the "auth" schema, oldest first. */
export const AUTH_MIGRATIONS = [CreateUsers1751700000000, CreateSigningKeys1751700000001];
