import { BerthError, ErrorCode } from '@berth/errors';
import { digestOf, parseDigest, type DigestAlgorithm } from './digest';
import { isValidMediaType } from './media-types';
import { jsonType, quote } from './quote';

/** image-spec image-index.md `platform`. */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  features?: string[];
}

/** image-spec descriptor.md, normalized: only known fields, absent optional fields omitted. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  /** Embedded content, base64; verified against size and digest when parsed. */
  data?: string;
  platform?: Platform;
  artifactType?: string;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** MANIFEST_INVALID naming the offending field, e.g. `layers[2].size must be …`. */
export function manifestInvalid(field: string, problem: string): BerthError {
  const message = field ? `${field} ${problem}` : problem;
  return new BerthError(ErrorCode.MANIFEST_INVALID, message, field ? { field } : undefined);
}

/**
 * Validates one descriptor from a manifest and returns its normalized form. Optional fields that
 * are `null` count as absent, as they do for Go's encoding/json. Throws MANIFEST_INVALID.
 */
export function parseDescriptor(value: unknown, field: string): Descriptor {
  if (!isJsonObject(value))
    throw manifestInvalid(field, `must be a descriptor object, got ${jsonType(value)}`);
  const descriptor: Descriptor = {
    mediaType: parseMediaTypeField(value.mediaType, `${field}.mediaType`),
    digest: parseDigestField(value.digest, `${field}.digest`),
    size: parseSize(value.size, `${field}.size`),
  };
  const urls = optional(value.urls);
  if (urls !== undefined) descriptor.urls = parseUrls(urls, `${field}.urls`);
  const annotations = optional(value.annotations);
  if (annotations !== undefined)
    descriptor.annotations = parseAnnotations(annotations, `${field}.annotations`);
  const platform = optional(value.platform);
  if (platform !== undefined) descriptor.platform = parsePlatform(platform, `${field}.platform`);
  const artifactType = optional(value.artifactType);
  if (artifactType !== undefined)
    descriptor.artifactType = parseMediaTypeField(artifactType, `${field}.artifactType`);
  const data = optional(value.data);
  if (data !== undefined) descriptor.data = parseData(data, descriptor, `${field}.data`);
  return descriptor;
}

export function parseMediaTypeField(value: unknown, field: string): string {
  if (value === undefined || value === null) throw manifestInvalid(field, 'is required');
  if (!isValidMediaType(value)) {
    throw manifestInvalid(
      field,
      `must be a media type such as "application/vnd.oci.image.layer.v1.tar+gzip", got ${jsonType(value)}`,
    );
  }
  return value;
}

/** A string-to-string map (annotations). Built with Object.fromEntries, so a `__proto__` key stays a key. */
export function parseAnnotations(value: unknown, field: string): Record<string, string> {
  if (!isJsonObject(value))
    throw manifestInvalid(field, `must be an object of strings, got ${jsonType(value)}`);
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string')
      throw manifestInvalid(`${field}[${quote(key, 40)}]`, `must be a string, got ${jsonType(entry)}`);
  }
  return Object.fromEntries(Object.entries(value)) as Record<string, string>;
}

/** `undefined` for an absent or null optional field. */
export function optional(value: unknown): unknown {
  return value === null ? undefined : value;
}

export interface DescriptorOptions {
  algorithm?: DigestAlgorithm;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: Platform;
}

/** A descriptor for content Berth holds, e.g. a manifest payload exactly as pushed. Empty annotations are omitted. */
export function descriptorOf(
  payload: Buffer | Uint8Array | string,
  mediaType: string,
  options: DescriptorOptions = {},
): Descriptor {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const descriptor: Descriptor = {
    mediaType,
    digest: digestOf(bytes, options.algorithm),
    size: bytes.byteLength,
  };
  if (options.artifactType !== undefined) descriptor.artifactType = options.artifactType;
  if (options.annotations && Object.keys(options.annotations).length > 0) {
    descriptor.annotations = { ...options.annotations };
  }
  if (options.platform) descriptor.platform = options.platform;
  return descriptor;
}

function parseDigestField(value: unknown, field: string): string {
  if (typeof value !== 'string')
    throw manifestInvalid(field, `must be a digest string, got ${jsonType(value)}`);
  try {
    return parseDigest(value).value;
  } catch (err) {
    throw manifestInvalid(field, `is invalid: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function parseSize(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw manifestInvalid(field, `must be a non-negative integer, got ${jsonType(value)}`);
  }
  return value;
}

/**
 * Download locations for the content (foreign/nondistributable layers). Each must be an absolute
 * http(s) URL without a fragment: image-spec says SHOULD use http/https, distribution rejects
 * anything else on layers ("invalid URL on layer").
 */
function parseUrls(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw manifestInvalid(field, `must be an array of URLs, got ${jsonType(value)}`);
  return value.map((entry: unknown, i) => {
    const entryField = `${field}[${i}]`;
    if (typeof entry !== 'string')
      throw manifestInvalid(entryField, `must be a URL string, got ${jsonType(entry)}`);
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw manifestInvalid(entryField, `is not an absolute URL: ${quote(entry)}`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash !== '' || entry.includes('#')) {
      throw manifestInvalid(
        entryField,
        `must be an http or https URL without a fragment, got ${quote(entry)}`,
      );
    }
    return entry;
  });
}

function parsePlatform(value: unknown, field: string): Platform {
  if (!isJsonObject(value)) throw manifestInvalid(field, `must be an object, got ${jsonType(value)}`);
  const platform: Platform = {
    architecture: requiredString(value.architecture, `${field}.architecture`),
    os: requiredString(value.os, `${field}.os`),
  };
  const osVersion = optional(value['os.version']);
  if (osVersion !== undefined) platform['os.version'] = requiredString(osVersion, `${field}["os.version"]`);
  const osFeatures = optional(value['os.features']);
  if (osFeatures !== undefined) platform['os.features'] = stringArray(osFeatures, `${field}["os.features"]`);
  const variant = optional(value.variant);
  if (variant !== undefined) platform.variant = requiredString(variant, `${field}.variant`);
  const features = optional(value.features);
  if (features !== undefined) platform.features = stringArray(features, `${field}.features`);
  return platform;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** image-spec descriptor.md: embedded `data` must match the descriptor's size and digest. */
function parseData(value: unknown, descriptor: Descriptor, field: string): string {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw manifestInvalid(field, `must be standard base64, got ${jsonType(value)}`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.byteLength !== descriptor.size) {
    throw manifestInvalid(field, `decodes to ${bytes.byteLength} bytes but size is ${descriptor.size}`);
  }
  const actual = digestOf(bytes, parseDigest(descriptor.digest).algorithm);
  if (actual !== descriptor.digest) {
    throw manifestInvalid(field, `has digest ${actual}, not the descriptor's ${descriptor.digest}`);
  }
  return value;
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw manifestInvalid(field, `must be a string, got ${jsonType(value)}`);
  return value;
}

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value))
    throw manifestInvalid(field, `must be an array of strings, got ${jsonType(value)}`);
  return value.map((entry: unknown, i) => requiredString(entry, `${field}[${i}]`));
}
