import { BerthError, ErrorCode } from '@berth/errors';
import { parseDigest, type Digest } from './digest';
import { quote } from './quote';

/**
 * Repository names and tags, per the OCI distribution spec (spec.md#pulling-manifests), which is
 * also distribution/reference's grammar without the domain:
 *
 *   name ::= component ("/" component)*
 *   component ::= [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
 *   tag  ::= [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}
 *
 * The spec allows one component and up to 255 characters (clients limit host + "/" + name to 255).
 * Berth is multi-tenant, so it requires a namespace (`namespace/name`, at least two components)
 * and fewer than 253 characters.
 */
export const REPOSITORY_NAME_MAX_LENGTH = 252;
export const TAG_MAX_LENGTH = 128;

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const COMPONENT_CHARS = /^[a-z0-9._-]+$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** Throws NAME_INVALID with a message that says what is wrong with the name. */
export function validateRepositoryName(name: string): void {
  if (typeof name !== 'string' || name === '') {
    throw nameInvalid('repository name must not be empty', name);
  }
  if (name.length > REPOSITORY_NAME_MAX_LENGTH) {
    throw nameInvalid(
      `repository name is ${name.length} characters long; at most ${REPOSITORY_NAME_MAX_LENGTH} are allowed`,
      name,
    );
  }
  const components = name.split('/');
  if (components.some((component) => component === '')) {
    throw nameInvalid(
      `repository name ${quote(name)} has an empty path component (a leading, trailing or doubled "/")`,
      name,
    );
  }
  for (const component of components) {
    const problem = componentProblem(component);
    if (problem)
      throw nameInvalid(
        `repository name ${quote(name)}: path component ${quote(component)} ${problem}`,
        name,
      );
  }
  if (components.length < 2) {
    throw nameInvalid(
      `repository name ${quote(name)} must have at least two path components, as in "namespace/name"`,
      name,
    );
  }
}

export function isRepositoryName(name: unknown): name is string {
  return succeeds(() => validateRepositoryName(name as string));
}

/** Throws TAG_INVALID with a message that says what is wrong with the tag. */
export function validateTag(tag: string): void {
  if (typeof tag !== 'string' || tag === '') {
    throw tagInvalid('tag must not be empty', tag);
  }
  if (TAG.test(tag)) return;
  if (tag.length > TAG_MAX_LENGTH) {
    throw tagInvalid(`tag is ${tag.length} characters long; at most ${TAG_MAX_LENGTH} are allowed`, tag);
  }
  if (!/^[a-zA-Z0-9_]/.test(tag)) {
    throw tagInvalid(`tag ${quote(tag)} must start with a letter, a digit or "_"`, tag);
  }
  const bad = [...tag].find((char) => !/[a-zA-Z0-9._-]/.test(char)) ?? '';
  throw tagInvalid(
    `tag ${quote(tag)} contains ${quote(bad)}; only letters, digits, ".", "_" and "-" are allowed`,
    tag,
  );
}

export function isTag(tag: unknown): tag is string {
  return succeeds(() => validateTag(tag as string));
}

/** The `<reference>` of `/v2/<name>/manifests/<reference>`. */
export type Reference = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: Digest };

/**
 * A reference containing ":" is a digest (tags cannot contain ":"), so a malformed digest is
 * DIGEST_INVALID rather than being mistaken for a tag; anything else must be a valid tag (TAG_INVALID).
 */
export function parseReference(ref: string): Reference {
  if (typeof ref === 'string' && ref.includes(':')) {
    return { kind: 'digest', digest: parseDigest(ref) };
  }
  validateTag(ref);
  return { kind: 'tag', tag: ref };
}

function componentProblem(component: string): string | undefined {
  if (COMPONENT.test(component)) return undefined;
  if (/[A-Z]/.test(component)) return 'must be lowercase';
  if (!COMPONENT_CHARS.test(component)) {
    const bad = [...component].find((char) => !/[a-z0-9._-]/.test(char)) ?? '';
    return `contains ${quote(bad)}; only lowercase letters, digits, ".", "_" and "-" are allowed`;
  }
  if (!/^[a-z0-9]/.test(component) || !/[a-z0-9]$/.test(component)) {
    return 'must start and end with a lowercase letter or digit';
  }
  return 'has an invalid separator; between letters and digits use one ".", one or two "_", or any number of "-"';
}

function succeeds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

// The detail echoes the input back to the client, clipped so an oversized value is not reflected whole.
function nameInvalid(message: string, name: unknown): BerthError {
  return new BerthError(ErrorCode.NAME_INVALID, message, { name: clip(name) });
}

function tagInvalid(message: string, tag: unknown): BerthError {
  return new BerthError(ErrorCode.TAG_INVALID, message, { tag: clip(tag) });
}

function clip(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 256) : undefined;
}
