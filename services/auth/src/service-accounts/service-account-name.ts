import { BerthError, ErrorCode } from '@berth/errors';

/** A DNS label, as Kubernetes names service accounts: at most 63 characters. */
const SERVICE_ACCOUNT_NAME = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** Every project has these two; they cannot be deleted. */
export const DEFAULT_SERVICE_ACCOUNTS = ['default', 'builder'] as const;
/** The service account that may push to (and create image streams in) its own project. */
export const BUILDER_SERVICE_ACCOUNT = 'builder';

export function isServiceAccountName(name: string): boolean {
  return SERVICE_ACCOUNT_NAME.test(name);
}

export function validateServiceAccountName(name: string): void {
  if (isServiceAccountName(name)) return;
  throw new BerthError(
    ErrorCode.INVALID_ARGUMENT,
    `service account name ${JSON.stringify(name.slice(0, 80))} is invalid: use at most 63 lowercase letters, ` +
      `digits and dashes, starting and ending with a letter or digit`,
  );
}
