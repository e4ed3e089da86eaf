import { CreateUsers1751700000000 } from './1751700000000-create-users';
import { CreateSigningKeys1751700000001 } from './1751700000001-create-signing-keys';
import { CreateUserGroups1764000000001 } from './1764000000001-create-user-groups';
import { CreateApiTokens1764000000002 } from './1764000000002-create-api-tokens';
import { CreateLoginFailures1764000000003 } from './1764000000003-create-login-failures';
import { CreateAuditEvents1764000000004 } from './1764000000004-create-audit-events';
import { CreateProjects1764100000001 } from './1764100000001-create-projects';
import { CreateServiceAccounts1764100000002 } from './1764100000002-create-service-accounts';
import { CreateImageScopes1764100000003 } from './1764100000003-create-image-scopes';
import { CreateRegistryCredentials1764100000004 } from './1764100000004-create-registry-credentials';
import { CreateLoginFailuresByUser1764200000001 } from './1764200000001-create-login-failures-by-user';

/** Every migration of the "auth" schema, oldest first. */
export const AUTH_MIGRATIONS = [
  CreateUsers1751700000000,
  CreateSigningKeys1751700000001,
  CreateUserGroups1764000000001,
  CreateApiTokens1764000000002,
  CreateLoginFailures1764000000003,
  CreateAuditEvents1764000000004,
  CreateProjects1764100000001,
  CreateServiceAccounts1764100000002,
  CreateImageScopes1764100000003,
  CreateRegistryCredentials1764100000004,
  CreateLoginFailuresByUser1764200000001,
];
