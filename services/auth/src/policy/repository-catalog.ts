import { Inject, Injectable } from '@nestjs/common';
import { DISTRIBUTION_CLIENT, type DistributionClient } from '@berth/distribution-client';
import { BerthError, ErrorCode } from '@berth/errors';
import { METADATA_CLIENT, type MetadataClient } from '@berth/metadata-client';

/** What the projects feature needs to know and do about the repositories (image streams) of a namespace. */
export interface RepositoryCatalog {
  /** Whether the image stream exists (metadata GetRepository; NAME_UNKNOWN means no). */
  exists(repository: string): Promise<boolean>;
  /** Every repository of the namespace, in lexical order. */
  listNamespace(namespace: string): Promise<string[]>;
  /** Deletes a repository's images, tags and history (metadata) and its manifests and blob links (distribution). */
  delete(repository: string, actor: string): Promise<void>;
}

/** Injection token of the RepositoryCatalog. */
export const REPOSITORY_CATALOG = Symbol('REPOSITORY_CATALOG');

const PAGE = 1000;

/** RepositoryCatalog over the metadata and distribution services' gRPC APIs. */
@Injectable()
export class GrpcRepositoryCatalog implements RepositoryCatalog {
  constructor(
    @Inject(METADATA_CLIENT) private readonly metadata: MetadataClient,
    @Inject(DISTRIBUTION_CLIENT) private readonly distribution: DistributionClient,
  ) {}

  async exists(repository: string): Promise<boolean> {
    try {
      await this.metadata.getRepository({ repository }, { timeoutMs: 5_000 });
      return true;
    } catch (err) {
      if (BerthError.is(err, ErrorCode.NAME_UNKNOWN)) return false;
      throw err;
    }
  }

  async listNamespace(namespace: string): Promise<string[]> {
    const all: string[] = [];
    let last: string | undefined;
    for (;;) {
      const page = await this.metadata.listRepositories({ namespace, limit: PAGE, last });
      all.push(...page.repositories);
      if (!page.more || page.repositories.length === 0) return all;
      last = page.repositories[page.repositories.length - 1];
    }
  }

  async delete(repository: string, actor: string): Promise<void> {
    try {
      await this.metadata.deleteRepository({ repository, actor });
    } catch (err) {
      if (!BerthError.is(err, ErrorCode.NAME_UNKNOWN)) throw err;
    }
    await this.distribution.deleteRepository({ repository });
  }
}
