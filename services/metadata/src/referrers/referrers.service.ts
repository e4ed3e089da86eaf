import { Injectable } from '@nestjs/common';
import type { ContentDescriptor } from '../common/descriptor';
import { checkDigest, checkRepositoryName } from '../common/validation';
import { ReferrersRepository } from './referrers.repository';

/** The OCI referrers API's data: never an error for an unknown subject or repository, just an empty list. */
@Injectable()
export class ReferrersService {
  constructor(private readonly referrers: ReferrersRepository) {}

  async listReferrers(
    repository: string,
    subject: string,
    artifactType?: string,
  ): Promise<ContentDescriptor[]> {
    checkRepositoryName(repository);
    checkDigest(subject);
    return this.referrers.list(repository, subject, artifactType || undefined);
  }
}
