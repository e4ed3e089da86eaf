import { BerthError, ErrorCode } from '@berth/errors';
import { isRepositoryName } from '@berth/oci';

/** `namespace` (the default): visible by the project's rules; `global`: every authenticated caller may pull. */
export const IMAGE_SCOPES = ['namespace', 'global'] as const;
export type ImageScope = (typeof IMAGE_SCOPES)[number];

export function parseImageScope(input: string): ImageScope {
  const scope = input.trim().toLowerCase();
  if ((IMAGE_SCOPES as readonly string[]).includes(scope)) return scope as ImageScope;
  throw new BerthError(
    ErrorCode.INVALID_ARGUMENT,
    `image scope must be "namespace" or "global", got ${JSON.stringify(input.slice(0, 32))}`,
  );
}

export function validateRepository(repository: string): void {
  const shown = repository;
  if (isRepositoryName(repository)) return;
  throw new BerthError(
    ErrorCode.INVALID_ARGUMENT,
    `${JSON.stringify(shown.slice(0, 260))} is not a repository name such as "project/app"`,
  );
}
