import { BerthError, ErrorCode } from '@berth/errors';
import { digestOf, isDigest } from './digest';
import { parseManifest, referencedBlobs, referencedManifests, type ParsedManifest } from './manifest';
import { isImageManifestMediaType, MediaType } from './media-types';

/**
 * parseManifest is fed client bytes: whatever comes in, it must either return a consistent
 * ParsedManifest or throw MANIFEST_INVALID, never a TypeError. Seeded, so a failure reproduces.
 */

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(0xbe27);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

const descriptor = (name: string, mediaType: string) => ({
  mediaType,
  digest: digestOf(name),
  size: name.length,
});
const SEEDS: unknown[] = [
  {
    schemaVersion: 2,
    mediaType: MediaType.OCI_MANIFEST,
    artifactType: 'application/vnd.example+json',
    config: { ...descriptor('c', MediaType.OCI_CONFIG), data: Buffer.from('c').toString('base64') },
    layers: [
      { ...descriptor('l', MediaType.OCI_LAYER_NONDISTRIBUTABLE_TAR), urls: ['https://example.com/l'] },
    ],
    subject: descriptor('s', MediaType.OCI_MANIFEST),
    annotations: { a: 'b' },
  },
  {
    schemaVersion: 2,
    mediaType: MediaType.DOCKER_MANIFEST_LIST,
    manifests: [
      {
        ...descriptor('m', MediaType.DOCKER_MANIFEST),
        platform: { architecture: 'arm', os: 'linux', variant: 'v7', features: ['f'] },
      },
    ],
  },
  { schemaVersion: 2, config: descriptor('c', MediaType.DOCKER_CONFIG), layers: [] },
];
const CONTENT_TYPES = [
  undefined,
  '',
  'application/json',
  MediaType.OCI_MANIFEST,
  MediaType.OCI_INDEX,
  MediaType.DOCKER_MANIFEST,
  MediaType.DOCKER_MANIFEST_LIST,
  MediaType.DOCKER_SCHEMA1_MANIFEST,
  'text/html',
  ';;;',
];
const STRINGS = [
  '',
  'sha256:',
  MediaType.OCI_LAYER_TAR,
  'https://x',
  '__proto__',
  'constructor',
  '\u0000',
  'é',
  digestOf('x'),
];

function randomJson(depth = 0): unknown {
  switch (int(depth > 2 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return pick([0, -1, 1.5, 2, 2 ** 53, -0, 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return pick([true, false]);
    case 3:
      return pick(STRINGS);
    case 4:
      return undefined;
    case 5:
      return Array.from({ length: int(3) }, () => randomJson(depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: int(3) }, () => [
          pick(['mediaType', 'digest', 'size', 'urls', 'platform', 'os', 'data', ...STRINGS]),
          randomJson(depth + 1),
        ]),
      );
  }
}

/** Replaces or deletes one random node of a JSON document. */
function mutate(document: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(document));
  let node = copy;
  for (;;) {
    if (typeof node !== 'object' || node === null) return randomJson();
    const container = node as Record<string, unknown>;
    const keys = Object.keys(container);
    if (keys.length === 0) return copy;
    const key = pick(keys);
    if (random() < 0.35 || typeof container[key] !== 'object' || container[key] === null) {
      if (random() < 0.2 && !Array.isArray(container)) delete container[key];
      else container[key] = randomJson();
      return copy;
    }
    node = container[key];
  }
}

function randomBytes(): Buffer {
  return Buffer.from(
    Array.from({ length: int(64) }, () => pick([int(256), 0x7b, 0x7d, 0x22, 0x3a, 0x5b, 0x5d])),
  );
}

function checkInvariants(parsed: ParsedManifest): void {
  expect(parsed.kind).toBe(isImageManifestMediaType(parsed.mediaType) ? 'image' : 'index');
  const descriptors = [parsed.config, parsed.subject, ...parsed.layers, ...parsed.manifests].filter(
    (d) => d !== undefined,
  );
  for (const d of descriptors) {
    expect(isDigest(d.digest)).toBe(true);
    expect(Number.isSafeInteger(d.size) && d.size >= 0).toBe(true);
  }
  if (parsed.kind === 'image') expect(parsed.config).toBeDefined();
  expect(referencedBlobs(parsed).length + referencedManifests(parsed).length).toBeLessThanOrEqual(
    descriptors.length,
  );
}

function feed(payload: Buffer, contentType: string | undefined): 'accepted' | 'rejected' {
  try {
    checkInvariants(parseManifest(payload, contentType));
    return 'accepted';
  } catch (err) {
    if (BerthError.is(err, ErrorCode.MANIFEST_INVALID)) return 'rejected';
    throw new Error(
      `parseManifest crashed (${String(err)}) on ${JSON.stringify(payload.toString('utf8'))} with Content-Type ${String(contentType)}`,
    );
  }
}

describe('parseManifest under hostile input', () => {
  it('accepts the unmutated seeds (so the mutations below start from valid documents)', () => {
    for (const seed of SEEDS) expect(feed(Buffer.from(JSON.stringify(seed)), undefined)).toBe('accepted');
  });

  it('rejects every truncation of a valid manifest cleanly', () => {
    for (const seed of SEEDS) {
      const text = JSON.stringify(seed, null, 2);
      for (let end = 0; end < text.length; end++) {
        expect(feed(Buffer.from(text.slice(0, end)), pick(CONTENT_TYPES))).toBe('rejected');
      }
    }
  });

  it('never crashes on random bytes or random JSON', () => {
    for (let i = 0; i < 1500; i++) {
      feed(randomBytes(), pick(CONTENT_TYPES));
      feed(Buffer.from(JSON.stringify(randomJson()) ?? ''), pick(CONTENT_TYPES));
    }
  });

  it('never crashes on structurally mutated manifests, and rejects most of them', () => {
    const outcomes = { accepted: 0, rejected: 0 };
    for (let i = 0; i < 3000; i++) {
      let document = pick(SEEDS);
      for (let n = 1 + int(3); n > 0; n--) document = mutate(document);
      outcomes[feed(Buffer.from(JSON.stringify(document) ?? ''), pick(CONTENT_TYPES))]++;
    }
    expect(outcomes.rejected).toBeGreaterThan(outcomes.accepted);
  });
});
