import type { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL `bigint` columns arrive from `pg` as strings; sizes fit a JS number
 * (Number.MAX_SAFE_INTEGER bytes is 8 PiB), so they are mapped to numbers.
 */
export const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
