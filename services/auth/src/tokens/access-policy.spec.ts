import { ANONYMOUS_PRINCIPAL, type Principal } from '../users/principal';
import { AdminOnlyAccessPolicy } from './access-policy';
import { parseScopes } from './scope-parser';

const requested = parseScopes(['repository:ns/app:pull,push', 'repository:ns/other:*', 'registry:catalog:*']);
const admin: Principal = { kind: 'user', subject: 'admin', userId: 'u1', username: 'admin', isAdmin: true };
const user: Principal = { kind: 'user', subject: 'dev', userId: 'u2', username: 'dev', isAdmin: false };

describe('AdminOnlyAccessPolicy', () => {
  const policy = new AdminOnlyAccessPolicy();

  it('grants an administrator every requested action', async () => {
    expect(await policy.grant(admin, requested)).toEqual([
      { type: 'repository', name: 'ns/app', actions: ['pull', 'push'] },
      { type: 'repository', name: 'ns/other', actions: ['pull', 'push', 'delete'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  });

  it('grants anonymous callers nothing', async () => {
    expect(await policy.grant(ANONYMOUS_PRINCIPAL, requested)).toEqual([]);
  });

  it('grants a user who is not an administrator nothing', async () => {
    expect(await policy.grant(user, requested)).toEqual([]);
  });

  it('returns copies, not the requested lists', async () => {
    const granted = await policy.grant(admin, requested);
    granted[0].actions.push('delete');
    expect(requested[0].actions).toEqual(['pull', 'push']);
  });
});
