import { createHash, randomBytes } from 'node:crypto';
import { httpRequest, outcomeOf, type HttpReply } from './http';
import type { Outcome } from './matrix';

// Pull, push and delete over plain HTTP with a Bearer token the caller fetched itself, so
// that each step is exactly one request whose answer the matrix can judge.

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

export function sha256(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** The smallest real image: a config blob and a manifest without layers (allowed by OCI). */
export interface TinyImage {
  config: Buffer;
  configDigest: string;
  manifest: string;
  digest: string;
}

/** A tiny image whose config and manifest are unique to `label`. */
export function tinyImage(label: string): TinyImage {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'berth.test': label, nonce: randomBytes(6).toString('hex') } },
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  const configDigest = sha256(config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configDigest, size: config.length },
    layers: [],
    annotations: { 'berth.test': label },
  });
  return { config, configDigest, manifest, digest: sha256(manifest) };
}

/** The same config with another manifest (a fresh digest for one delete, no new blob needed). */
export function variantOf(image: TinyImage, label: string): TinyImage {
  const manifest = JSON.stringify({ ...JSON.parse(image.manifest), annotations: { 'berth.test': label } });
  return { ...image, manifest, digest: sha256(manifest) };
}

function auth(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * The outcome of a /v2/ reply to a request that carried a token: a 401 there must be the
 * Docker token spec's "fetch a token with more scope" challenge, so one without
 * `error="insufficient_scope"` is reported as such (and matches no expectation).
 */
export function v2Outcome(reply: HttpReply, tokenPresented: boolean): Outcome {
  const outcome = outcomeOf(reply);
  if (reply.status === 401 && tokenPresented) {
    const challenge = reply.headers.get('www-authenticate') ?? '';
    if (!/^Bearer /i.test(challenge) || !/error="insufficient_scope"/.test(challenge))
      return { ...outcome, code: `${outcome.code} (challenge ${JSON.stringify(challenge)})` };
  }
  return outcome;
}

export function getManifest(base: string, token: string | undefined, repo: string, ref: string) {
  return httpRequest(`${base}/v2/${repo}/manifests/${ref}`, {
    headers: { ...auth(token), accept: OCI_MANIFEST },
  });
}

export function deleteManifest(base: string, token: string | undefined, repo: string, digest: string) {
  return httpRequest(`${base}/v2/${repo}/manifests/${digest}`, { method: 'DELETE', headers: auth(token) });
}

export function putManifest(
  base: string,
  token: string | undefined,
  repo: string,
  ref: string,
  image: TinyImage,
) {
  return httpRequest(`${base}/v2/${repo}/manifests/${ref}`, {
    method: 'PUT',
    headers: { ...auth(token), 'content-type': OCI_MANIFEST },
    body: image.manifest,
  });
}

export interface PushResult {
  outcome: Outcome;
  /** The step whose answer is the outcome. */
  step: 'start upload' | 'finish upload' | 'put manifest';
}

/**
 * A real push: a monolithic blob upload of the config (POST, then PUT with the digest) and the
 * manifest PUT under `tag`. Stops at the first refused step; a complete push is 201.
 */
export async function pushImage(
  base: string,
  token: string | undefined,
  repo: string,
  tag: string,
  image: TinyImage,
): Promise<PushResult> {
  const start = await httpRequest(`${base}/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
    headers: auth(token),
  });
  if (start.status !== 202) return { outcome: v2Outcome(start, !!token), step: 'start upload' };
  const location = new URL(start.headers.get('location') ?? '', base);
  location.searchParams.set('digest', image.configDigest);
  const put = await httpRequest(location.toString(), {
    method: 'PUT',
    headers: { ...auth(token), 'content-type': 'application/octet-stream' },
    body: image.config,
  });
  if (put.status !== 201) return { outcome: v2Outcome(put, !!token), step: 'finish upload' };
  const manifest = await putManifest(base, token, repo, tag, image);
  return { outcome: v2Outcome(manifest, !!token), step: 'put manifest' };
}
