import { createHash, type Hash } from 'node:crypto';
import { BerthError, ErrorCode } from '@berth/errors';
import { quote } from './quote';

/**
 * Content digests as the OCI image-spec defines them (descriptor.md#digests):
 *
 *   digest    ::= algorithm ":" encoded
 *   algorithm ::= [a-z0-9]+ ([+._-] [a-z0-9]+)*
 *   encoded   ::= [a-zA-Z0-9=_-]+
 *
 * Only the registered algorithms are accepted: sha256 (64 lowercase hex) and sha512 (128 lowercase
 * hex). A well-formed digest with another algorithm is still DIGEST_INVALID, as in distribution,
 * whose go-digest reports ErrDigestUnsupported and maps it to the same code.
 */
export type DigestAlgorithm = 'sha256' | 'sha512';

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['sha256', 'sha512'];

export interface Digest {
  algorithm: DigestAlgorithm;
  /** The encoded part: lowercase hex. */
  hex: string;
  /** The whole digest, `algorithm:hex`. */
  value: string;
}

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };
const ALGORITHM_GRAMMAR = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;
const ENCODED_GRAMMAR = /^[a-zA-Z0-9=_-]+$/;
const LOWER_HEX = /^[a-f0-9]+$/;

export function isDigestAlgorithm(value: unknown): value is DigestAlgorithm {
  return value === 'sha256' || value === 'sha512';
}

/** Parses and validates a digest; throws DIGEST_INVALID saying what is wrong. */
export function parseDigest(value: string): Digest {
  if (typeof value !== 'string' || value === '') {
    throw invalid('digest must be a non-empty string');
  }
  const colon = value.indexOf(':');
  if (colon < 0) {
    throw invalid(`digest ${quote(value)} must have the form <algorithm>:<hex>`);
  }
  const algorithm = value.slice(0, colon);
  const encoded = value.slice(colon + 1);
  if (!ALGORITHM_GRAMMAR.test(algorithm) || !ENCODED_GRAMMAR.test(encoded)) {
    throw invalid(`digest ${quote(value)} is malformed`);
  }
  if (!isDigestAlgorithm(algorithm)) {
    throw invalid(`digest algorithm ${quote(algorithm)} is not supported; use sha256 or sha512`);
  }
  const length = HEX_LENGTH[algorithm];
  if (encoded.length !== length || !LOWER_HEX.test(encoded)) {
    throw invalid(`${algorithm} digest must be ${length} lowercase hex characters, got ${quote(encoded)}`);
  }
  return { algorithm, hex: encoded, value };
}

export function isDigest(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseDigest(value);
    return true;
  } catch {
    return false;
  }
}

/** An incremental hash that formats its result as a digest. */
export interface Digester {
  readonly algorithm: DigestAlgorithm;
  /** The underlying node:crypto hash, e.g. to pipe a stream into. */
  readonly hash: Hash;
  update(chunk: Buffer | Uint8Array | string): Digester;
  /** `algorithm:hex` of everything written so far. Finalizes the hash; later calls return the same value. */
  digest(): string;
}

export function createDigester(algorithm: DigestAlgorithm = 'sha256'): Digester {
  if (!isDigestAlgorithm(algorithm)) {
    throw invalid(`digest algorithm ${quote(String(algorithm))} is not supported; use sha256 or sha512`);
  }
  const hash = createHash(algorithm);
  let result: string | undefined;
  const digester: Digester = {
    algorithm,
    hash,
    update(chunk) {
      hash.update(chunk);
      return digester;
    },
    digest() {
      result ??= `${algorithm}:${hash.digest('hex')}`;
      return result;
    },
  };
  return digester;
}

/** The digest of a whole buffer: `digestOf(Buffer.from('{}'))` is the empty descriptor's digest. */
export function digestOf(data: Buffer | Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return createDigester(algorithm).update(data).digest();
}

function invalid(message: string): BerthError {
  return new BerthError(ErrorCode.DIGEST_INVALID, message);
}
