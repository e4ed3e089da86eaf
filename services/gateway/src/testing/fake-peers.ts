import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import { signJwt, type AuthClient } from '@berth/auth-client';
import type { DistributionClient } from '@berth/distribution-client';
import { BerthError, ErrorCode } from '@berth/errors';
import type { MetadataClient } from '@berth/metadata-client';
import { digestOf, parseManifest } from '@berth/oci';
import type { distributionV1, metadataV1 } from '@berth/proto';
import { blobKey, uploadKey, type BlobDriver } from '@berth/storage';
import { FakeManagement } from './fake-management';

/**
 * In-memory stand-ins for auth, distribution and metadata, for tests that boot the gateway's HTTP
 * layer without the other services. They implement just enough of each contract: sessions and
 * blob links, manifests by digest, tags, referrers; tokens signed with a real Ed25519 key.
 */
export class FakePeers {
  readonly sessions = new Map<string, distributionV1.UploadSession>();
  /** repository → digest → size. */
  readonly links = new Map<string, Map<string, number>>();
  /** `${repository}@${digest}` → manifest. */
  readonly manifests = new Map<
    string,
    distributionV1.Manifest & { subject?: string; artifactType?: string }
  >();
  /** `${repository}:${tag}` → digest. */
  readonly tags = new Map<string, string>();
  readonly calls: string[] = [];
  /** auth's IdentityService and ProjectsService (recorded calls, scripted answers). */
  readonly management = new FakeManagement();
  /** When set, IssueToken throws it (e.g. TOOMANYREQUESTS from throttled logins). */
  issueFailure: Error | undefined;
  private readonly privateKey: KeyObject;
  private readonly publicKeyPem: string;

  constructor(
    private readonly driver: BlobDriver,
    readonly users: Record<string, string> = { admin: 'secret' },
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** A token for `subject` granting `access`, as auth would sign it. */
  token(subject: string, access: Array<{ type: string; name: string; actions: string[] }>): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      { alg: 'EdDSA', typ: 'JWT', kid: 'k1' },
      {
        iss: 'berth-auth',
        sub: subject,
        aud: 'berth',
        exp: now + 300,
        nbf: now,
        iat: now,
        jti: randomUUID(),
        access,
      },
      this.privateKey,
    );
  }

  readonly auth = {
    getSigningKeys: async () => ({
      keys: [{ keyId: 'k1', algorithm: 'EdDSA', publicKeyPem: this.publicKeyPem, expiresAt: '' }],
      issuer: 'berth-auth',
      audience: 'berth',
    }),
    issueToken: async (req: { username?: string; secret?: string; scopes: string[] }) => {
      this.calls.push(`issueToken ${req.username ?? '-'} ${req.scopes.join(' ')}`);
      if (this.issueFailure) throw this.issueFailure;
      if (req.username !== undefined && this.users[req.username] !== req.secret) {
        throw new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password');
      }
      const subject = req.username ?? 'anonymous';
      const access = req.scopes.map((scope) => {
        const [type, name, actions] = scope.split(':');
        return { type, name, actions: subject === 'anonymous' ? [] : actions.split(',') };
      });
      return {
        token: this.token(subject, access),
        expiresInSeconds: 300,
        issuedAt: new Date().toISOString(),
        subject,
        access,
      };
    },
  } as unknown as AuthClient;

  readonly distribution = {
    startUpload: async ({ repository }: { repository: string }) => {
      const id = randomUUID();
      const session = { id, repository, storageKey: uploadKey(id), startedAt: new Date().toISOString() };
      this.sessions.set(id, session);
      return { session };
    },
    getUpload: async ({ repository, uploadId }: { repository: string; uploadId: string }) => {
      this.calls.push(`getUpload ${uploadId}`);
      return { session: this.session(repository, uploadId) };
    },
    commitUpload: async (req: { repository: string; uploadId: string; digest: string; size: number }) => {
      const session = this.session(req.repository, req.uploadId);
      const stat = await this.driver.stat(session.storageKey);
      if ((stat?.size ?? 0) !== req.size) throw new BerthError(ErrorCode.SIZE_INVALID);
      if (stat) await this.driver.commit(session.storageKey, blobKey(req.digest));
      else await this.driver.put(blobKey(req.digest), Readable.from([]));
      this.link(req.repository, req.digest, req.size);
      this.sessions.delete(req.uploadId);
      return { blob: { digest: req.digest, size: req.size, storageKey: blobKey(req.digest) } };
    },
    cancelUpload: async ({ repository, uploadId }: { repository: string; uploadId: string }) => {
      this.session(repository, uploadId);
      this.sessions.delete(uploadId);
      return {};
    },
    statBlob: async ({ repository, digest }: { repository: string; digest: string }) => {
      const size = this.links.get(repository)?.get(digest);
      if (size === undefined) throw new BerthError(ErrorCode.BLOB_UNKNOWN);
      return { blob: { digest, size, storageKey: blobKey(digest) } };
    },
    mountBlob: async ({
      repository,
      digest,
      from,
    }: {
      repository: string;
      digest: string;
      from?: string;
    }) => {
      const size = from === undefined ? undefined : this.links.get(from)?.get(digest);
      if (size === undefined) return { mounted: false, blob: undefined };
      this.link(repository, digest, size);
      return { mounted: true, blob: { digest, size, storageKey: blobKey(digest) } };
    },
    deleteBlob: async ({ repository, digest }: { repository: string; digest: string }) => {
      if (!this.links.get(repository)?.delete(digest)) throw new BerthError(ErrorCode.BLOB_UNKNOWN);
      return {};
    },
    putManifest: async (req: {
      repository: string;
      reference: string;
      mediaType: string;
      payload: Uint8Array;
    }) => {
      const payload = Buffer.from(req.payload);
      const parsed = parseManifest(payload, req.mediaType);
      const digest = digestOf(payload);
      if (req.reference.includes(':') && req.reference !== digest)
        throw new BerthError(ErrorCode.DIGEST_INVALID);
      const subject = parsed.subject?.digest;
      this.manifests.set(`${req.repository}@${digest}`, {
        digest,
        mediaType: parsed.mediaType,
        payload,
        subject,
        artifactType: parsed.artifactType,
      });
      if (!req.reference.includes(':')) this.tags.set(`${req.repository}:${req.reference}`, digest);
      return { digest, subject };
    },
    getManifest: async ({ repository, digest }: { repository: string; digest: string }) => {
      this.calls.push(`getManifest ${repository}@${digest}`);
      const manifest = this.manifests.get(`${repository}@${digest}`);
      if (!manifest) throw new BerthError(ErrorCode.MANIFEST_UNKNOWN);
      return {
        manifest: { digest: manifest.digest, mediaType: manifest.mediaType, payload: manifest.payload },
      };
    },
    deleteManifest: async ({ repository, digest }: { repository: string; digest: string }) => {
      if (!this.manifests.delete(`${repository}@${digest}`)) throw new BerthError(ErrorCode.MANIFEST_UNKNOWN);
      for (const [key, value] of this.tags)
        if (value === digest && key.startsWith(`${repository}:`)) this.tags.delete(key);
      return {};
    },
  } as unknown as DistributionClient;

  readonly metadata = {
    resolveTag: async ({ repository, tag }: { repository: string; tag: string }) => {
      this.calls.push(`resolveTag ${repository}:${tag}`);
      const digest = this.tags.get(`${repository}:${tag}`);
      if (!digest) throw new BerthError(ErrorCode.MANIFEST_UNKNOWN);
      return { digest, mediaType: '' };
    },
    listTags: async ({ repository, limit, last }: { repository: string; limit?: number; last?: string }) => {
      const all = [...this.tags.keys()]
        .filter((k) => k.startsWith(`${repository}:`))
        .map((k) => k.slice(repository.length + 1));
      if (all.length === 0) throw new BerthError(ErrorCode.NAME_UNKNOWN);
      const after = all.sort().filter((t) => last === undefined || t > last);
      const tags = limit === undefined ? after : after.slice(0, limit);
      return { tags, more: tags.length < after.length };
    },
    deleteTag: async ({ repository, tag }: { repository: string; tag: string }) => {
      const digest = this.tags.get(`${repository}:${tag}`);
      if (!digest) throw new BerthError(ErrorCode.MANIFEST_UNKNOWN);
      this.tags.delete(`${repository}:${tag}`);
      return { digest };
    },
    listRepositories: async ({ limit, last }: { limit?: number; last?: string }) => {
      const names = [...new Set([...this.tags.keys()].map((k) => k.split(':')[0]))]
        .sort()
        .filter((n) => last === undefined || n > last);
      const repositories = limit === undefined ? names : names.slice(0, limit);
      return { repositories, more: repositories.length < names.length };
    },
    listReferrers: async ({
      repository,
      digest,
      artifactType,
    }: {
      repository: string;
      digest: string;
      artifactType?: string;
    }) => {
      const referrers: metadataV1.Descriptor[] = [];
      for (const [key, m] of this.manifests) {
        if (!key.startsWith(`${repository}@`) || m.subject !== digest) continue;
        if (artifactType !== undefined && m.artifactType !== artifactType) continue;
        referrers.push({
          mediaType: m.mediaType,
          digest: m.digest,
          size: m.payload.length,
          artifactType: m.artifactType,
          annotations: {},
        });
      }
      return { referrers };
    },
  } as unknown as MetadataClient;

  private session(repository: string, uploadId: string): distributionV1.UploadSession {
    const session = this.sessions.get(uploadId);
    if (!session || session.repository !== repository) throw new BerthError(ErrorCode.BLOB_UPLOAD_UNKNOWN);
    return session;
  }

  private link(repository: string, digest: string, size: number): void {
    if (!this.links.has(repository)) this.links.set(repository, new Map());
    this.links.get(repository)?.set(digest, size);
  }
}
