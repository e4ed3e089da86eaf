import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_CLIENT, type IdentityClient } from '@berth/auth-client';
import { DISTRIBUTION_CLIENT, type DistributionClient } from '@berth/distribution-client';
import { BerthError, ErrorCode } from '@berth/errors';
import { METADATA_CLIENT, type MetadataClient } from '@berth/metadata-client';
import { negotiate, parseReference, type ManifestNegotiation } from '@berth/oci';
import { namespaceOf, recordAuditEvent } from '../api/audit-recorder';
import { ManifestCache, type CachedManifest } from '../cache/manifest-cache';
import { CatalogCache } from '../cache/catalog-cache';
import { TagListCache } from '../cache/tag-list-cache';
import { TagCache } from '../cache/tag-cache';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { manifestLocation, type RepositoryContext } from '../http/registry-context';
import { readBody } from '../http/request-body';

/** Accept-header decisions remembered (clients send a handful of distinct headers). */
const MAX_NEGOTIATIONS = 512;

/**
 * Manifests (`/v2/<name>/manifests/<reference>`). GET/HEAD by tag: tag → digest from metadata,
 * bytes from distribution, both cached in memory, so a warm pull costs two Map lookups. PUT hands
 * the bytes to distribution, which validates and records them; DELETE by digest removes the
 * manifest, by tag only the tag.
 */
@Injectable()
export class ManifestsHandler {
  private readonly negotiations = new Map<string, ManifestNegotiation>();

  constructor(
    @Inject(DISTRIBUTION_CLIENT) private readonly distribution: DistributionClient,
    @Inject(METADATA_CLIENT) private readonly metadata: MetadataClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    private readonly tags: TagCache,
    private readonly tagLists: TagListCache,
    private readonly catalog: CatalogCache,
    private readonly manifests: ManifestCache,
  ) {}

  /** GET and HEAD. */
  async get(ctx: RepositoryContext): Promise<void> {
    const { name } = ctx.params;
    const reference = parseReference(ctx.params.reference as string);
    const digest =
      reference.kind === 'digest'
        ? reference.digest.value
        : (this.tags.get(name, reference.tag) ?? (await this.resolveTag(name, reference.tag)));
    const manifest = this.manifests.get(name, digest) ?? (await this.loadManifest(name, digest));
    const decision = this.negotiate(ctx.req.headers.accept, manifest.mediaType);
    if (!decision.serve)
      throw new BerthError(ErrorCode.MANIFEST_UNKNOWN, decision.reason, { reference: ctx.params.reference });
    ctx.reply
      .code(200)
      .header('content-type', manifest.mediaType)
      .header('docker-content-digest', manifest.digest)
      .header('etag', `"${manifest.digest}"`);
    if (ctx.method === 'HEAD') ctx.reply.header('content-length', String(manifest.payload.length)).send();
    else ctx.reply.send(manifest.payload);
  }

  /** PUT: 201 with Location, Docker-Content-Digest and, for a manifest with a subject, OCI-Subject. */
  async put(ctx: RepositoryContext): Promise<void> {
    const { name } = ctx.params;
    const reference = parseReference(ctx.params.reference as string);
    const limit = this.config.BERTH_MANIFEST_MAX_BYTES;
    const payload = await readBody(
      ctx.req.raw,
      limit,
      () =>
        new BerthError(
          ErrorCode.MANIFEST_INVALID,
          `manifest is larger than the ${limit} bytes this registry accepts`,
        ),
    );
    const stored = await this.distribution.putManifest({
      repository: name,
      reference: reference.kind === 'tag' ? reference.tag : reference.digest.value,
      mediaType: ctx.req.headers['content-type'] ?? '',
      payload,
      actor: ctx.principal.subject,
    });
    // The first manifest of a repository creates it: drop cached catalog pages.
    this.catalog.invalidate();
    if (reference.kind === 'tag') {
      this.tags.invalidate(name, reference.tag);
      this.tagLists.invalidateRepository(name);
    }
    ctx.reply
      .code(201)
      .header('location', manifestLocation(name, stored.digest))
      .header('docker-content-digest', stored.digest)
      .header('content-length', '0');
    if (stored.subject) ctx.reply.header('oci-subject', stored.subject);
    ctx.reply.send();
  }

  /**
   * DELETE: by digest removes the manifest and its tags, by tag only the tag. 202, then an audit
   * event `manifest.deleted` (fire-and-forget, as the client).
   */
  async delete(ctx: RepositoryContext): Promise<void> {
    const { name } = ctx.params;
    const reference = parseReference(ctx.params.reference as string);
    let target: string;
    if (reference.kind === 'tag') {
      await this.metadata.deleteTag({ repository: name, tag: reference.tag, actor: ctx.principal.subject });
      this.tags.invalidate(name, reference.tag);
      target = `${name}:${reference.tag}`;
    } else {
      const digest = reference.digest.value;
      await this.distribution.deleteManifest({ repository: name, digest, actor: ctx.principal.subject });
      this.manifests.invalidate(name, digest);
      this.tags.invalidateDigest(name, digest);
      target = `${name}@${digest}`;
    }
    this.tagLists.invalidateRepository(name);
    ctx.reply.code(202).header('content-length', '0').send();
    recordAuditEvent(this.identity, ctx.req, {
      action: 'manifest.deleted',
      project: namespaceOf(name),
      target,
    });
  }

  private resolveTag(repository: string, tag: string): Promise<string> {
    return this.tags.resolve(
      repository,
      tag,
      async () => (await this.metadata.resolveTag({ repository, tag })).digest,
    );
  }

  private loadManifest(repository: string, digest: string): Promise<CachedManifest> {
    return this.manifests.load(repository, digest, async () => {
      const { manifest } = await this.distribution.getManifest({ repository, digest });
      if (!manifest) throw new BerthError(ErrorCode.MANIFEST_UNKNOWN, undefined, { digest });
      const payload = Buffer.isBuffer(manifest.payload)
        ? manifest.payload
        : Buffer.from(manifest.payload.buffer, manifest.payload.byteOffset, manifest.payload.byteLength);
      return { digest: manifest.digest || digest, mediaType: manifest.mediaType, payload };
    });
  }

  private negotiate(accept: string | undefined, mediaType: string): ManifestNegotiation {
    const key = `${mediaType}\n${accept ?? ''}`;
    let decision = this.negotiations.get(key);
    if (decision === undefined) {
      decision = negotiate(accept, mediaType, this.config.BERTH_MANIFEST_NEGOTIATION);
      if (this.negotiations.size >= MAX_NEGOTIATIONS) this.negotiations.clear();
      this.negotiations.set(key, decision);
    }
    return decision;
  }
}
