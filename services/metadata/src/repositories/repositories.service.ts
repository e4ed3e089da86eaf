import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../common/page';
import { checkLimit } from '../common/validation';
import { RepositoriesRepository } from './repositories.repository';

/**
 * The catalog. A repository exists once an image was recorded in it and is
 * kept when its images are deleted, so it keeps being listed (as in CNCF distribution).
 */
@Injectable()
export class RepositoriesService {
  constructor(private readonly repositories: RepositoriesRepository) {}

  async listRepositories(page: PageRequest): Promise<Page> {
    checkLimit(page.limit);
    return this.repositories.list(page);
  }
}
