import {
  descriptorOf,
  isJsonObject,
  manifestInvalid,
  optional,
  parseAnnotations,
  parseDescriptor,
  parseMediaTypeField,
  type Descriptor,
  type JsonObject,
} from './descriptor';
import {
  isImageManifestMediaType,
  isManifestMediaType,
  isNondistributableMediaType,
  isSchema1MediaType,
  MANIFEST_MEDIA_TYPES,
  MediaType,
  normalizeMediaType,
  type ManifestMediaType,
} from './media-types';
import { jsonType, quote } from './quote';

export type ManifestKind = 'image' | 'index';

/** A validated manifest, normalized across OCI and Docker schema 2. The payload itself is stored as pushed. */
export interface ParsedManifest {
  mediaType: ManifestMediaType;
  kind: ManifestKind;
  schemaVersion: 2;
  /** Image manifests only. */
  config?: Descriptor;
  /** Image manifests only; may be empty (artifacts). */
  layers: Descriptor[];
  /** Indexes only: the child manifests. */
  manifests: Descriptor[];
  /** OCI 1.1 referrers: the manifest this one refers to. */
  subject?: Descriptor;
  /**
   * As the distribution spec's referrers API reports it: the manifest's `artifactType`, else, for
   * an image manifest, `config.mediaType` (even the empty JSON type); indexes have no fallback.
   */
  artifactType?: string;
  annotations: Record<string, string>;
}

/** Content-Types that say nothing about the manifest; the body's `mediaType` decides instead. */
const GENERIC_CONTENT_TYPES = new Set(['', 'application/json', 'application/octet-stream']);

/**
 * Validates a pushed manifest (PUT /v2/<name>/manifests/<ref>). Throws MANIFEST_INVALID, with a
 * message naming the field, on every violation and never anything else, whatever the input.
 *
 * Media type: the Content-Type (parameters ignored) unless it is absent or generic, then the body's
 * `mediaType`, then inferred from the shape (`manifests` → OCI index; `config`/`layers` → OCI image
 * manifest). A specific Content-Type that disagrees with the body's `mediaType` is refused, as are
 * Docker schema 2 types without `mediaType` in the body (Docker's spec requires the field and
 * distribution refuses such a body) and Docker schema 1 in any form.
 */
export function parseManifest(payload: Buffer | Uint8Array | string, contentType?: string): ParsedManifest {
  const body = parseJsonObject(payload);
  const mediaType = resolveMediaType(body, contentType);
  if (body.schemaVersion !== 2) {
    throw body.schemaVersion === undefined
      ? manifestInvalid('schemaVersion', 'is required and must be 2')
      : manifestInvalid('schemaVersion', `must be 2, got ${jsonType(body.schemaVersion)}`);
  }
  const annotationsValue = optional(body.annotations);
  const annotations = annotationsValue === undefined ? {} : parseAnnotations(annotationsValue, 'annotations');
  const subjectValue = optional(body.subject);
  const subject = subjectValue === undefined ? undefined : parseDescriptor(subjectValue, 'subject');
  const artifactTypeValue = optional(body.artifactType);
  const artifactType =
    artifactTypeValue === undefined ? undefined : parseMediaTypeField(artifactTypeValue, 'artifactType');

  const parsed: ParsedManifest = isImageManifestMediaType(mediaType)
    ? parseImageManifest(body, mediaType, artifactType)
    : parseIndex(body, mediaType, artifactType);
  parsed.annotations = annotations;
  if (subject) parsed.subject = subject;
  return parsed;
}

function parseImageManifest(
  body: JsonObject,
  mediaType: ManifestMediaType,
  artifactType?: string,
): ParsedManifest {
  if (body.manifests !== undefined) {
    throw manifestInvalid(
      'manifests',
      `is not allowed in an image manifest (${mediaType}); did you mean an index?`,
    );
  }
  if (body.config === undefined) throw manifestInvalid('config', 'is required in an image manifest');
  const config = parseDescriptor(body.config, 'config');
  if (!Array.isArray(body.layers)) {
    throw body.layers === undefined
      ? manifestInvalid('layers', 'is required in an image manifest (it may be empty)')
      : manifestInvalid('layers', `must be an array of descriptors, got ${jsonType(body.layers)}`);
  }
  const layers = body.layers.map((layer: unknown, i) => parseDescriptor(layer, `layers[${i}]`));
  return {
    mediaType,
    kind: 'image',
    schemaVersion: 2,
    config,
    layers,
    manifests: [],
    artifactType: artifactType ?? config.mediaType,
    annotations: {},
  };
}

function parseIndex(body: JsonObject, mediaType: ManifestMediaType, artifactType?: string): ParsedManifest {
  for (const field of ['config', 'layers'] as const) {
    if (body[field] !== undefined) {
      throw manifestInvalid(
        field,
        `is not allowed in an index (${mediaType}); did you mean an image manifest?`,
      );
    }
  }
  if (!Array.isArray(body.manifests)) {
    throw body.manifests === undefined
      ? manifestInvalid('manifests', 'is required in an index (it may be empty)')
      : manifestInvalid('manifests', `must be an array of descriptors, got ${jsonType(body.manifests)}`);
  }
  const manifests = body.manifests.map((child: unknown, i) => parseDescriptor(child, `manifests[${i}]`));
  const parsed: ParsedManifest = {
    mediaType,
    kind: 'index',
    schemaVersion: 2,
    layers: [],
    manifests,
    annotations: {},
  };
  if (artifactType !== undefined) parsed.artifactType = artifactType;
  return parsed;
}

function parseJsonObject(payload: Buffer | Uint8Array | string): JsonObject {
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  if (text.trim() === '') throw manifestInvalid('', 'manifest body is empty');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw manifestInvalid(
      '',
      `manifest is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!isJsonObject(body)) throw manifestInvalid('', `manifest must be a JSON object, got ${jsonType(body)}`);
  return body;
}

function resolveMediaType(body: JsonObject, contentType: string | undefined): ManifestMediaType {
  const header = normalizeMediaType(contentType);
  const declaredValue = optional(body.mediaType);
  if (declaredValue !== undefined && typeof declaredValue !== 'string') {
    throw manifestInvalid('mediaType', `must be a string, got ${jsonType(declaredValue)}`);
  }
  const declared = declaredValue;
  if (isSchema1MediaType(header) || isSchema1MediaType(declared) || body.schemaVersion === 1) {
    throw manifestInvalid(
      '',
      'Docker schema 1 manifests are not supported; push an OCI image manifest or a Docker schema 2 manifest',
    );
  }
  const specific = GENERIC_CONTENT_TYPES.has(header) ? undefined : header;
  if (specific !== undefined && declared !== undefined && specific !== declared) {
    throw manifestInvalid(
      'mediaType',
      `${quote(declared)} does not match the Content-Type ${quote(specific)}`,
    );
  }
  const resolved = specific ?? declared ?? inferMediaType(body);
  if (!isManifestMediaType(resolved)) {
    throw manifestInvalid(
      '',
      `manifest media type ${quote(resolved)} is not supported; use one of ${MANIFEST_MEDIA_TYPES.join(', ')}`,
    );
  }
  if (
    declared === undefined &&
    (resolved === MediaType.DOCKER_MANIFEST || resolved === MediaType.DOCKER_MANIFEST_LIST)
  ) {
    throw manifestInvalid(
      'mediaType',
      `is required in a Docker schema 2 manifest and must be ${quote(resolved)}`,
    );
  }
  return resolved;
}

function inferMediaType(body: JsonObject): ManifestMediaType {
  const looksLikeIndex = body.manifests !== undefined;
  const looksLikeImage = body.config !== undefined || body.layers !== undefined;
  if (looksLikeIndex && !looksLikeImage) return MediaType.OCI_INDEX;
  if (looksLikeImage && !looksLikeIndex) return MediaType.OCI_MANIFEST;
  throw manifestInvalid(
    'mediaType',
    looksLikeIndex
      ? 'is required: the manifest has both "manifests" and "config"/"layers"'
      : 'is required: neither Content-Type, mediaType nor the fields ("config"/"layers" or "manifests") say what this manifest is',
  );
}

/**
 * The blobs an image manifest needs in the repository: config and layers, each digest once, in
 * order. As in distribution's manifest verification, a nondistributable/foreign layer that has
 * `urls` is left out (clients fetch it from there); without `urls` it must be a blob like any
 * other. The subject is not included: OCI 1.1 lets a manifest refer to one not pushed yet.
 */
export function referencedBlobs(parsed: ParsedManifest): Descriptor[] {
  const blobs = parsed.config ? [parsed.config] : [];
  for (const layer of parsed.layers) {
    const foreign = isNondistributableMediaType(layer.mediaType) && (layer.urls?.length ?? 0) > 0;
    if (!foreign) blobs.push(layer);
  }
  return uniqueByDigest(blobs);
}

/** The child manifests an index needs in the repository, each digest once, in order. */
export function referencedManifests(parsed: ParsedManifest): Descriptor[] {
  return uniqueByDigest(parsed.manifests);
}

/**
 * The descriptor of a manifest as the referrers API lists it (distribution spec, listing
 * referrers): digest and size of the payload as pushed, artifactType and annotations from the manifest.
 */
export function referrerDescriptor(
  payload: Buffer | Uint8Array | string,
  parsed: ParsedManifest,
): Descriptor {
  return descriptorOf(payload, parsed.mediaType, {
    artifactType: parsed.artifactType,
    annotations: parsed.annotations,
  });
}

function uniqueByDigest(descriptors: readonly Descriptor[]): Descriptor[] {
  const unique = new Map<string, Descriptor>();
  for (const descriptor of descriptors) {
    if (!unique.has(descriptor.digest)) unique.set(descriptor.digest, descriptor);
  }
  return [...unique.values()];
}
