import type { Principal } from './principal';
import type { User } from './user';

/** The principal of an (enabled) user. */
export function userPrincipal(user: User): Principal {
  return {
    kind: 'user',
    subject: user.username,
    userId: user.id,
    username: user.username,
    isAdmin: user.isAdmin,
    groups: [...user.groups],
  };
}
