import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource } from 'typeorm';
import type { AuditRecord } from '../ports/audit-log.port';
import { IDENTITY_TABLES as T } from '../users/sql';
import type { AuditEvent, AuditQuery } from './audit-event';

interface EventRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  project: string;
  target: string;
  client_ip: string;
  outcome: 'success' | 'failure';
  details: Record<string, string>;
}

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async insert(event: Required<AuditRecord>): Promise<void> {
    await runSql(
      this.ds.manager,
      `INSERT INTO ${T.auditEvents} ("actor", "action", "project", "target", "client_ip", "outcome", "details")
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [
        event.actor,
        event.action,
        event.project,
        event.target,
        event.clientIp,
        event.outcome,
        JSON.stringify(event.details),
      ],
    );
  }

  /** Matching events, newest first, at most `query.limit`. */
  async list(query: AuditQuery): Promise<AuditEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.project) add(`"project" = ?`, query.project);
    if (query.sinceProjectCreated) {
      if (!query.project) throw new Error('sinceProjectCreated needs a project');
      // Read-only look at the projects feature's table; no row (no such project): no events.
      add(`"at" >= (SELECT p."created_at" FROM "auth"."projects" p WHERE p."name" = ?)`, query.project);
    }
    if (query.action) add(`"action" = ?`, query.action);
    if (query.actor) add(`"actor" = ?`, query.actor);
    if (query.before) add(`"id" < ?::bigint`, query.before);
    params.push(query.limit);
    const { rows } = await runSql<EventRow>(
      this.ds.manager,
      `SELECT "id"::text AS "id", "at", "actor", "action", "project", "target", "client_ip", "outcome", "details"
         FROM ${T.auditEvents}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY "id" DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      project: r.project,
      target: r.target,
      clientIp: r.client_ip,
      outcome: r.outcome,
      details: r.details ?? {},
    }));
  }
}
