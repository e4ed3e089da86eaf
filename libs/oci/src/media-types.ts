/**
 * Media types Berth knows, from the OCI image-spec (media-types.md) and Docker's image manifest
 * v2 schema 2. Berth stores and serves the four manifest types in MANIFEST_MEDIA_TYPES; Docker
 * schema 1 is listed only so it can be refused by name.
 */
export const MediaType = {
  OCI_MANIFEST: 'application/vnd.oci.image.manifest.v1+json',
  OCI_INDEX: 'application/vnd.oci.image.index.v1+json',
  OCI_CONFIG: 'application/vnd.oci.image.config.v1+json',
  OCI_LAYER_TAR: 'application/vnd.oci.image.layer.v1.tar',
  OCI_LAYER_TAR_GZIP: 'application/vnd.oci.image.layer.v1.tar+gzip',
  OCI_LAYER_TAR_ZSTD: 'application/vnd.oci.image.layer.v1.tar+zstd',
  OCI_LAYER_NONDISTRIBUTABLE_TAR: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  OCI_EMPTY: 'application/vnd.oci.empty.v1+json',
  DOCKER_MANIFEST: 'application/vnd.docker.distribution.manifest.v2+json',
  DOCKER_MANIFEST_LIST: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DOCKER_CONFIG: 'application/vnd.docker.container.image.v1+json',
  DOCKER_LAYER: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  DOCKER_FOREIGN_LAYER: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  DOCKER_PLUGIN_CONFIG: 'application/vnd.docker.plugin.v1+json',
  /** Not accepted by Berth. */
  DOCKER_SCHEMA1_MANIFEST: 'application/vnd.docker.distribution.manifest.v1+json',
  /** Not accepted by Berth. */
  DOCKER_SCHEMA1_SIGNED_MANIFEST: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export type ManifestMediaType =
  | typeof MediaType.OCI_MANIFEST
  | typeof MediaType.OCI_INDEX
  | typeof MediaType.DOCKER_MANIFEST
  | typeof MediaType.DOCKER_MANIFEST_LIST;

/** The manifest types Berth accepts on PUT and serves on GET. */
export const MANIFEST_MEDIA_TYPES: readonly ManifestMediaType[] = [
  MediaType.OCI_MANIFEST,
  MediaType.OCI_INDEX,
  MediaType.DOCKER_MANIFEST,
  MediaType.DOCKER_MANIFEST_LIST,
];

/** An Accept header value naming every manifest type Berth serves (for clients and tests). */
export const MANIFEST_ACCEPT_HEADER = MANIFEST_MEDIA_TYPES.join(', ');

/** The empty JSON blob `{}` and its descriptor (image-spec manifest.md#guidance-for-an-empty-descriptor). */
export const EMPTY_JSON = '{}';
export const EMPTY_JSON_DESCRIPTOR: Readonly<{ mediaType: string; digest: string; size: number }> =
  Object.freeze({
    mediaType: MediaType.OCI_EMPTY,
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
  });

const MANIFEST_TYPES = new Set<string>(MANIFEST_MEDIA_TYPES);
const NONDISTRIBUTABLE_TYPES = new Set<string>([
  MediaType.OCI_LAYER_NONDISTRIBUTABLE_TAR,
  MediaType.OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP,
  MediaType.OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD,
  MediaType.DOCKER_FOREIGN_LAYER,
]);
// RFC 6838 §4.2 restricted-name, for type and subtype.
const RESTRICTED_NAME = '[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}';
const MEDIA_TYPE = new RegExp(`^${RESTRICTED_NAME}/${RESTRICTED_NAME}$`);

export function isManifestMediaType(value: unknown): value is ManifestMediaType {
  return typeof value === 'string' && MANIFEST_TYPES.has(value);
}

export function isIndexMediaType(value: unknown): boolean {
  return value === MediaType.OCI_INDEX || value === MediaType.DOCKER_MANIFEST_LIST;
}

export function isImageManifestMediaType(value: unknown): boolean {
  return value === MediaType.OCI_MANIFEST || value === MediaType.DOCKER_MANIFEST;
}

export function isSchema1MediaType(value: unknown): boolean {
  return value === MediaType.DOCKER_SCHEMA1_MANIFEST || value === MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST;
}

/** Layers that clients fetch from the descriptor's `urls` (OCI nondistributable, Docker foreign). */
export function isNondistributableMediaType(value: unknown): boolean {
  return typeof value === 'string' && NONDISTRIBUTABLE_TYPES.has(value);
}

/**
 * A header value reduced to its essence: parameters dropped, trimmed, lowercased (media types are
 * case-insensitive, RFC 6838 §4.2). `application/JSON; charset=utf-8` → `application/json`.
 */
export function normalizeMediaType(value: string | undefined): string {
  return (value ?? '').split(';', 1)[0].trim().toLowerCase();
}

/**
 * Whether a descriptor's `mediaType` is well formed: `type/subtype` with RFC 6838 names, optionally
 * followed by `;` parameters (tolerated for compatibility; distribution does not check at all).
 */
export function isValidMediaType(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_TYPE.test(value.split(';', 1)[0]);
}

export type NegotiationPolicy = 'lenient' | 'strict';

export interface ManifestNegotiation {
  /** Serve the stored manifest, byte for byte, with `Content-Type: <stored media type>`. */
  serve: boolean;
  /** The Accept header admits the stored type: listed, matched by a wildcard, or no Accept at all. */
  acceptable: boolean;
  /** When `serve` is false: why, for a MANIFEST_UNKNOWN (404) message. */
  reason?: string;
}

/**
 * Decides whether a stored manifest may be served for a GET/HEAD with this Accept header. Berth
 * never rewrites manifests, so the only question is serve or refuse.
 *
 * The header: every value (docker sends several Accept headers) is split on ",", media ranges
 * parsed, unparseable entries skipped. Absent, blank or wholly unparseable means anything (RFC 9110
 * §12.5.1); `*`/`*` and `type/*` match; the most specific matching range decides; `q=0` excludes.
 *
 * What CNCF distribution does (registry/handlers/manifests.go, 2.8 and 3.x): it compares exact
 * types, ignoring q and wildcards. A stored OCI manifest or OCI index that the client did not list
 * gets 404 MANIFEST_UNKNOWN ("OCI manifest found, but accept header does not support OCI
 * manifests"), even with `Accept: *`/`*` or no Accept. Docker schema 2 manifests are served anyway
 * (2.8 rewrote them to schema 1 when fetched by tag), and a Docker manifest list fetched by tag is
 * replaced by its linux/amd64 image.
 *
 * Berth's policies:
 * - 'lenient' (default): always serve the stored type; the Content-Type says what it is and a
 *   client that cannot read it fails with a clearer error than a 404 for content that exists.
 *   No schema 1 rewrite and no platform substitution (either would change the digest).
 * - 'strict': refuse an OCI manifest/index the Accept header does not admit, with distribution's
 *   messages; Docker types are served anyway, as distribution does. Unlike distribution, wildcards
 *   and an absent Accept admit OCI types.
 *
 * A stored type outside MANIFEST_MEDIA_TYPES is never served.
 */
export function negotiate(
  acceptHeader: string | readonly string[] | undefined,
  storedMediaType: string,
  policy: NegotiationPolicy = 'lenient',
): ManifestNegotiation {
  const stored = normalizeMediaType(storedMediaType);
  const ranges = parseAccept(acceptHeader);
  const acceptable = ranges.length === 0 || qualityOf(stored, ranges) > 0;
  if (!isManifestMediaType(stored)) {
    return {
      serve: false,
      acceptable,
      reason: `stored media type ${JSON.stringify(stored)} is not a manifest type Berth serves`,
    };
  }
  if (acceptable || policy === 'lenient') return { serve: true, acceptable };
  if (stored === MediaType.OCI_MANIFEST) {
    return {
      serve: false,
      acceptable,
      reason: 'OCI manifest found, but accept header does not support OCI manifests',
    };
  }
  if (stored === MediaType.OCI_INDEX) {
    return {
      serve: false,
      acceptable,
      reason: 'OCI index found, but accept header does not support OCI indexes',
    };
  }
  return { serve: true, acceptable };
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

function parseAccept(header: string | readonly string[] | undefined): MediaRange[] {
  const values = typeof header === 'string' ? [header] : (header ?? []);
  const ranges: MediaRange[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const element of value.split(',')) {
      const range = parseMediaRange(element);
      if (range) ranges.push(range);
    }
  }
  return ranges;
}

function parseMediaRange(element: string): MediaRange | undefined {
  const [essence, ...params] = element.split(';');
  const [type, subtype, extra] = essence.trim().toLowerCase().split('/');
  if (extra !== undefined || !type || !subtype || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  if (type === '*' && subtype !== '*') return undefined;
  let q = 1;
  for (const param of params) {
    const [name, raw] = param.split('=', 2).map((part) => part.trim());
    if (name.toLowerCase() !== 'q' || raw === undefined) continue;
    const parsed = Number(raw);
    // RFC 9110 qvalue is 0..1; anything else is ignored rather than trusted.
    if (raw !== '' && Number.isFinite(parsed) && parsed >= 0 && parsed <= 1) q = parsed;
  }
  return { type, subtype, q };
}

/** The q of the most specific range matching `mediaType` (0 if none matches). */
function qualityOf(mediaType: string, ranges: readonly MediaRange[]): number {
  const [type, subtype] = mediaType.split('/');
  let best = { specificity: -1, q: 0 };
  for (const range of ranges) {
    let specificity: number;
    if (range.type === type && range.subtype === subtype) specificity = 2;
    else if (range.type === type && range.subtype === '*') specificity = 1;
    else if (range.type === '*') specificity = 0;
    else continue;
    if (specificity > best.specificity || (specificity === best.specificity && range.q > best.q)) {
      best = { specificity, q: range.q };
    }
  }
  return best.q;
}
