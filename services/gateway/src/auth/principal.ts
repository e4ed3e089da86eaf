import { ANONYMOUS_SUBJECT, hasAccess, type AccessEntry } from '@berth/auth-client';

/** Who makes a request and what their token grants. */
export interface Principal {
  subject: string;
  access: AccessEntry[];
  /** How the request authenticated: a Bearer token, or Basic credentials exchanged by the gateway. */
  via: 'bearer' | 'basic';
}

export function isAnonymous(principal: Principal): boolean {
  return principal.subject === ANONYMOUS_SUBJECT;
}

export function isGranted(principal: Principal, type: string, name: string, action: string): boolean {
  return hasAccess(principal, type, name, action);
}
