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
  /** The number of repositories in the namespace, exact. */
  countNamespace(namespace: string): Promise<number>;
  /** Whether the namespace holds at least one repository (one metadata call). */
  namespaceOccupied(namespace: string): Promise<boolean>;
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
    for await (const page of this.pages(namespace)) all.push(...page);
    return all;
  }

  async countNamespace(namespace: string): Promise<number> {
    let count = 0;
    for await (const page of this.pages(namespace)) count += page.length;
    return count;
  }

  async namespaceOccupied(namespace: string): Promise<boolean> {
    const page = await this.metadata.listRepositories({ namespace, limit: 1 });
    return page.repositories.length > 0;
  }

  async delete(repository: string, actor: string): Promise<void> {
    try {
      await this.metadata.deleteRepository({ repository, actor });
    } catch (err) {
      if (!BerthError.is(err, ErrorCode.NAME_UNKNOWN)) throw err;
    }
    await this.distribution.deleteRepository({ repository });
  }

  /** The namespace's repositories, a metadata page (up to PAGE names) at a time. */
  private async *pages(namespace: string): AsyncGenerator<string[]> {
    let last: string | undefined;
    for (;;) {
      const page = await this.metadata.listRepositories({ namespace, limit: PAGE, last });
      yield page.repositories;
      if (!page.more || page.repositories.length === 0) return;
      last = page.repositories[page.repositories.length - 1];
    }
  }
}
