import { ANONYMOUS_SUBJECT } from '@berth/auth-client';

/**
 * Who a token is issued to. Issue 3 adds service accounts and API tokens as further
 * kinds; the access policy decides per kind.
 */
export type Principal =
  | { kind: 'anonymous'; subject: typeof ANONYMOUS_SUBJECT }
  | { kind: 'user'; subject: string; userId: string; username: string; isAdmin: boolean };

export const ANONYMOUS_PRINCIPAL: Principal = { kind: 'anonymous', subject: ANONYMOUS_SUBJECT };
