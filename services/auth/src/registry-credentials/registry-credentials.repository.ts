import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource } from 'typeorm';
import type { SealedSecret } from '../secrets/secrets-cipher';
import type { RegistryCredentialRecord } from './registry-credential';

export interface NewRegistryCredential {
  id: string;
  projectId: string;
  name: string;
  server: string;
  username: string;
  email: string;
  password: SealedSecret;
  createdBy: string;
}

interface Row {
  id: string;
  project: string;
  name: string;
  server: string;
  username: string;
  email: string;
  created_at: Date;
}

const COLUMNS = `c.id, p.name AS project, c.name, c.server, c.username, c.email, c.created_at`;

/** Data access for registry credentials. Reads never select the sealed password. */
@Injectable()
export class RegistryCredentialsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Inserts the credential; null when the name is taken in the project. */
  async insert(c: NewRegistryCredential): Promise<RegistryCredentialRecord | null> {
    const { rows } = await runSql<Row>(
      this.dataSource.manager,
      `WITH inserted AS (
         INSERT INTO "auth"."registry_credentials"
           (id, project_id, name, server, username, email, password_sealed, password_key_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (project_id, name) DO NOTHING
         RETURNING *
       )
       SELECT ${COLUMNS} FROM inserted c JOIN "auth"."projects" p ON p.id = c.project_id`,
      [
        c.id,
        c.projectId,
        c.name,
        c.server,
        c.username,
        c.email,
        c.password.sealed,
        c.password.keyId,
        c.createdBy,
      ],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  async list(projectId: string): Promise<RegistryCredentialRecord[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "auth"."registry_credentials" c JOIN "auth"."projects" p ON p.id = c.project_id
       WHERE c.project_id = $1 ORDER BY c.name`,
      [projectId],
    );
    return rows.map(toRecord);
  }

  /** False when there was no such credential. */
  async delete(projectId: string, name: string): Promise<boolean> {
    const { affected } = await runSql(
      this.dataSource.manager,
      `DELETE FROM "auth"."registry_credentials" WHERE project_id = $1 AND name = $2`,
      [projectId, name],
    );
    return affected > 0;
  }
}

function toRecord(r: Row): RegistryCredentialRecord {
  return {
    id: r.id,
    project: r.project,
    name: r.name,
    server: r.server,
    username: r.username,
    email: r.email,
    createdAt: r.created_at,
  };
}
