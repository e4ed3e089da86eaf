import { digestOf } from './digest';
import {
  EMPTY_JSON,
  EMPTY_JSON_DESCRIPTOR,
  isIndexMediaType,
  isImageManifestMediaType,
  isManifestMediaType,
  isNondistributableMediaType,
  isSchema1MediaType,
  isValidMediaType,
  MANIFEST_ACCEPT_HEADER,
  MediaType,
  negotiate,
  normalizeMediaType,
} from './media-types';

const OCI = MediaType.OCI_MANIFEST;
const OCI_INDEX = MediaType.OCI_INDEX;
const DOCKER = MediaType.DOCKER_MANIFEST;
const DOCKER_LIST = MediaType.DOCKER_MANIFEST_LIST;

// What `docker pull` (moby's distribution client) sends: one Accept header per type.
const DOCKER_CLIENT_ACCEPT = [DOCKER, DOCKER_LIST, OCI, OCI_INDEX];
// An old client that predates OCI support.
const OLD_DOCKER_ACCEPT = `${DOCKER}, ${DOCKER_LIST}, ${MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST}`;

describe('empty descriptor', () => {
  it('is the digest and size of "{}"', () => {
    expect(EMPTY_JSON_DESCRIPTOR).toEqual({
      mediaType: 'application/vnd.oci.empty.v1+json',
      digest: digestOf(EMPTY_JSON),
      size: Buffer.byteLength(EMPTY_JSON),
    });
    expect(Object.isFrozen(EMPTY_JSON_DESCRIPTOR)).toBe(true);
  });
});

describe('classification', () => {
  it('knows the four manifest types Berth serves and no others', () => {
    for (const type of [OCI, OCI_INDEX, DOCKER, DOCKER_LIST]) expect(isManifestMediaType(type)).toBe(true);
    for (const type of [
      MediaType.DOCKER_SCHEMA1_MANIFEST,
      MediaType.OCI_CONFIG,
      'application/json',
      undefined,
    ]) {
      expect(isManifestMediaType(type)).toBe(false);
    }
    expect(MANIFEST_ACCEPT_HEADER.split(', ').sort()).toEqual([DOCKER, DOCKER_LIST, OCI, OCI_INDEX].sort());
  });

  it('tells indexes from image manifests', () => {
    expect([OCI_INDEX, DOCKER_LIST].map(isIndexMediaType)).toEqual([true, true]);
    expect([OCI, DOCKER].map(isIndexMediaType)).toEqual([false, false]);
    expect([OCI, DOCKER].map(isImageManifestMediaType)).toEqual([true, true]);
    expect([OCI_INDEX, DOCKER_LIST].map(isImageManifestMediaType)).toEqual([false, false]);
  });

  it('recognizes schema 1 and nondistributable layers', () => {
    expect(isSchema1MediaType(MediaType.DOCKER_SCHEMA1_MANIFEST)).toBe(true);
    expect(isSchema1MediaType(MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST)).toBe(true);
    expect(isSchema1MediaType(DOCKER)).toBe(false);
    expect(isNondistributableMediaType(MediaType.DOCKER_FOREIGN_LAYER)).toBe(true);
    expect(isNondistributableMediaType(MediaType.OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD)).toBe(true);
    expect(isNondistributableMediaType(MediaType.OCI_LAYER_TAR_GZIP)).toBe(false);
  });

  it('normalizes header values', () => {
    expect(normalizeMediaType(' Application/JSON ; charset=utf-8')).toBe('application/json');
    expect(normalizeMediaType(undefined)).toBe('');
  });

  it('validates descriptor media types by RFC 6838 names', () => {
    expect(isValidMediaType(MediaType.OCI_LAYER_TAR_GZIP)).toBe(true);
    expect(isValidMediaType('application/vnd.cncf.helm.chart.content.v1.tar+gzip')).toBe(true);
    expect(isValidMediaType('text/plain; charset=utf-8')).toBe(true);
    for (const bad of ['', 'application', 'application/', '/json', 'a/b/c', 'application/js on', 42]) {
      expect(isValidMediaType(bad)).toBe(false);
    }
  });
});

describe('negotiate', () => {
  it('serves anything when there is no usable Accept header', () => {
    for (const accept of [undefined, '', '  ', [], 'garbage', ['', ' , ']]) {
      expect(negotiate(accept, OCI_INDEX, 'strict')).toEqual({ serve: true, acceptable: true });
    }
  });

  it('serves what a docker client asks for, with headers given as a list', () => {
    for (const stored of [OCI, OCI_INDEX, DOCKER, DOCKER_LIST]) {
      expect(negotiate(DOCKER_CLIENT_ACCEPT, stored, 'strict')).toEqual({ serve: true, acceptable: true });
    }
  });

  it('splits comma-separated values, ignores parameters and case', () => {
    const accept = `text/html;q=0.9, ${OCI.toUpperCase()} ; foo=bar`;
    expect(negotiate(accept, OCI, 'strict').acceptable).toBe(true);
    expect(negotiate(accept, `${OCI}; charset=utf-8`, 'strict').acceptable).toBe(true);
  });

  it('honours wildcards', () => {
    expect(negotiate('*/*', OCI_INDEX, 'strict')).toEqual({ serve: true, acceptable: true });
    expect(negotiate('application/*', OCI, 'strict')).toEqual({ serve: true, acceptable: true });
    expect(negotiate('text/*', OCI, 'strict').acceptable).toBe(false);
  });

  it('treats q=0 as "not acceptable", with the most specific range deciding', () => {
    expect(negotiate(`*/*, ${OCI_INDEX};q=0`, OCI_INDEX).acceptable).toBe(false);
    expect(negotiate(`*/*, ${OCI_INDEX};q=0`, OCI).acceptable).toBe(true);
    expect(negotiate(`*/*;q=0, ${OCI};q=0.5`, OCI).acceptable).toBe(true);
    expect(negotiate(`${OCI};q=0, ${OCI};q=1`, OCI).acceptable).toBe(true);
    expect(negotiate(`${OCI};q=7`, OCI).acceptable).toBe(true);
  });

  it('lenient (default): serves the stored manifest even when not acceptable', () => {
    expect(negotiate(OLD_DOCKER_ACCEPT, OCI_INDEX)).toEqual({ serve: true, acceptable: false });
    expect(negotiate(DOCKER, OCI)).toEqual({ serve: true, acceptable: false });
  });

  it('strict: refuses OCI types the client did not admit, with distribution messages', () => {
    expect(negotiate(OLD_DOCKER_ACCEPT, OCI_INDEX, 'strict')).toEqual({
      serve: false,
      acceptable: false,
      reason: 'OCI index found, but accept header does not support OCI indexes',
    });
    expect(negotiate(DOCKER, OCI, 'strict')).toEqual({
      serve: false,
      acceptable: false,
      reason: 'OCI manifest found, but accept header does not support OCI manifests',
    });
  });

  it('strict: serves Docker types anyway, as distribution does', () => {
    expect(negotiate(OCI, DOCKER, 'strict')).toEqual({ serve: true, acceptable: false });
    expect(negotiate(DOCKER, DOCKER_LIST, 'strict')).toEqual({ serve: true, acceptable: false });
  });

  it('never serves a stored type that is not a manifest Berth serves', () => {
    const result = negotiate('*/*', MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST);
    expect(result.serve).toBe(false);
    expect(result.reason).toMatch(/not a manifest type/);
  });
});
