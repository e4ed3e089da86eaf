import { createHash } from 'node:crypto';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';

export interface ServiceDatabaseOptions {
  /** PostgreSQL URL (the database is shared; each service owns one schema). */
  url: string;
  /** The service's own schema, e.g. "distribution". */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
}

/** TypeORM options for a service: its own schema and migrations table, never `synchronize`. */
export function serviceDataSourceOptions(o: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: o.url,
    schema: o.schema,
    entities: o.entities,
    migrations: o.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    applicationName: o.applicationName ?? `berth-${o.schema}`,
    extra: { max: o.poolSize ?? 10 },
  };
}

/**
 * Opens the data source, creates the schema if needed and runs pending
 * migrations under an advisory lock, so replicas starting together migrate once.
 */
export async function openServiceDataSource(o: ServiceDatabaseOptions): Promise<DataSource> {
  await ensureSchema(o.url, o.schema);
  const ds = new DataSource(serviceDataSourceOptions(o));
  await ds.initialize();
  const lockId = advisoryLockId(`berth-migrations-${o.schema}`);
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [lockId]);
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [lockId]);
    }
  } finally {
    await runner.release();
  }
  return ds;
}

async function ensureSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const ds = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (err) {
    // Two replicas may race on CREATE SCHEMA: a duplicate is fine.
    if ((err as { code?: string }).code !== '23505' && (err as { code?: string }).code !== '42P06') throw err;
  } finally {
    await ds.destroy();
  }
}

function advisoryLockId(name: string): string {
  // A stable signed 63-bit integer from the name.
  return BigInt.asIntN(
    64,
    BigInt('0x' + createHash('sha256').update(name).digest('hex').slice(0, 16)),
  ).toString();
}
