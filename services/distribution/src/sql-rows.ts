import type { DataSource, EntityManager } from 'typeorm';

/**
 * Something that runs parameterized SQL: the DataSource, or a transaction's EntityManager.
 * The hot paths use plain SQL rather than the query builder and entities: each call is one short
 * statement whose rows map straight to the domain records, without the builder's per-call cost.
 */
export type SqlRunner = Pick<DataSource | EntityManager, 'query'>;

/** Rows of a SELECT, INSERT … RETURNING or WITH statement. */
export async function selectRows<T>(runner: SqlRunner, sql: string, params: unknown[]): Promise<T[]> {
  return (await runner.query(sql, params)) as T[];
}

/** TypeORM answers a DELETE or UPDATE with `[rows, rowCount]`. */
type DeleteResult<T> = [T[], number];

/** The RETURNING rows of a DELETE or UPDATE. */
export async function deletedRows<T>(runner: SqlRunner, sql: string, params: unknown[]): Promise<T[]> {
  return ((await runner.query(sql, params)) as DeleteResult<T>)[0];
}

/** How many rows a DELETE or UPDATE affected. */
export async function affectedRows(runner: SqlRunner, sql: string, params: unknown[]): Promise<number> {
  return ((await runner.query(sql, params)) as DeleteResult<unknown>)[1];
}

/** PostgreSQL returns `bigint` as a string; sizes fit a JS number (up to 8 PiB). */
export function toSize(value: string | number): number {
  return Number(value);
}
