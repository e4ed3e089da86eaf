import { BerthError, ErrorCode } from '@berth/errors';

/** One OCI path component, which is what a project (the first component of `ns/name`) is named. */
const PROJECT_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
export const PROJECT_NAME_MIN_LENGTH = 2;
export const PROJECT_NAME_MAX_LENGTH = 63;

export function isProjectName(name: string): boolean {
  return (
    name.length >= PROJECT_NAME_MIN_LENGTH &&
    name.length <= PROJECT_NAME_MAX_LENGTH &&
    PROJECT_NAME.test(name)
  );
}

/** Throws INVALID_ARGUMENT saying what is wrong with a new project's name. */
export function validateProjectName(name: string): void {
  if (isProjectName(name)) return;
  const shown = JSON.stringify(name.slice(0, 80));
  if (name.length < PROJECT_NAME_MIN_LENGTH || name.length > PROJECT_NAME_MAX_LENGTH) {
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `project name ${shown} must be ${PROJECT_NAME_MIN_LENGTH} to ${PROJECT_NAME_MAX_LENGTH} characters long`,
    );
  }
  throw new BerthError(
    ErrorCode.INVALID_ARGUMENT,
    `project name ${shown} is invalid: use lowercase letters and digits, separated by ".", "_", "__" or dashes ` +
      `(it is the first path component of repository names)`,
  );
}

/** The project (namespace) of a repository name: its first path component. */
export function projectOfRepository(repository: string): string {
  const slash = repository.indexOf('/');
  return slash < 0 ? repository : repository.slice(0, slash);
}
