import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource } from 'typeorm';
import type { ContentDescriptor, Platform } from '../common/descriptor';
import { TABLES } from '../common/tables';

interface ReferrerRow {
  media_type: string;
  digest: string;
  size: string;
  artifact_type: string | null;
  annotations: Record<string, string>;
  platform: Platform | null;
}

/**
 * Referrers are images whose subject_digest is the subject (partial index
 * images_subject_idx). Their artifact type is, as the OCI distribution spec
 * says, the manifest's artifactType, else its config's media type.
 */
@Injectable()
export class ReferrersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async list(repository: string, subject: string, artifactType?: string): Promise<ContentDescriptor[]> {
    const { rows } = await runSql<ReferrerRow>(
      this.ds.manager,
      `SELECT i."media_type", i."digest", i."size", i."annotations", i."platform",
              COALESCE(i."artifact_type", i."config_media_type") AS "artifact_type"
         FROM ${TABLES.repositories} r
         JOIN ${TABLES.images} i ON i."repository_id" = r."id"
        WHERE r."name" = $1 AND i."subject_digest" = $2
          AND ($3::text IS NULL OR COALESCE(i."artifact_type", i."config_media_type") = $3::text)
        ORDER BY i."created_at", i."digest"`,
      [repository, subject, artifactType ?? null],
    );
    return rows.map((r) => ({
      mediaType: r.media_type,
      digest: r.digest,
      size: Number(r.size),
      artifactType: r.artifact_type ?? undefined,
      annotations: r.annotations ?? {},
      platform: r.platform ?? undefined,
    }));
  }
}
