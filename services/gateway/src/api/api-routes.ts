import type { ApiClients, ApiRoute } from './api-route';
import { auditRoutes } from './audit.handler';
import { groupsRoutes } from './groups.handler';
import { membersRoutes } from './members.handler';
import { openApiRoute } from './openapi';
import { projectsRoutes } from './projects.handler';
import { repositoriesRoutes } from './repositories.handler';
import { roleBindingsRoutes } from './rolebindings.handler';
import { secretsRoutes } from './secrets.handler';
import { serviceAccountsRoutes } from './serviceaccounts.handler';
import { tokensRoutes } from './tokens.handler';
import { usersRoutes } from './users.handler';
import { signingKeysRoutes } from './signing-keys.handler';
import { whoamiRoutes } from './whoami.handler';

/** The route table of /api/v1: what is served, and what openapi.json and docs/api describe. */
export function apiRoutes(clients: ApiClients): ApiRoute[] {
  const routes: ApiRoute[] = [
    ...whoamiRoutes(clients),
    ...usersRoutes(clients),
    ...tokensRoutes(clients),
    ...groupsRoutes(clients),
    ...auditRoutes(clients),
    ...projectsRoutes(clients),
    ...membersRoutes(clients),
    ...roleBindingsRoutes(clients),
    ...serviceAccountsRoutes(clients),
    ...secretsRoutes(clients),
    ...repositoriesRoutes(clients),
    ...signingKeysRoutes(clients),
  ];
  routes.push(openApiRoute(() => routes));
  return routes;
}
