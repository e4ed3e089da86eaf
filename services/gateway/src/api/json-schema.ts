import { BerthError, ErrorCode } from '@berth/errors';

/** The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) the API's schemas are written in. */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  /** For maps (`map<string, string>`): the schema of every value. */
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: ReadonlyArray<string>;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  $ref?: string;
  anyOf?: JsonSchema[];
}

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

export const SCHEMA_REF_PREFIX = '#/components/schemas/';

/** `{"$ref": "#/components/schemas/<name>"}`. */
export function schemaRef(name: string): JsonSchema {
  return { $ref: `${SCHEMA_REF_PREFIX}${name}` };
}

/**
 * Checks `value` against `schema` and returns a copy holding only what the schema describes:
 * properties a schema does not name are dropped (unknown fields are ignored), everything else must
 * have the declared type, or INVALID_ARGUMENT names the first offending field (`detail.field`).
 */
export function conform(
  schema: JsonSchema,
  value: unknown,
  schemas: Readonly<Record<string, JsonSchema>>,
  path: string,
): unknown {
  if (schema.$ref !== undefined) return conform(resolve(schema.$ref, schemas), value, schemas, path);
  if (schema.anyOf !== undefined) {
    let first: unknown;
    for (const option of schema.anyOf) {
      try {
        return conform(option, value, schemas, path);
      } catch (err) {
        first ??= err;
      }
    }
    throw first;
  }
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => hasType(value, t));
  if (types.length > 0 && type === undefined) throw invalid(path, `must be ${describe(types)}`);
  if (type === 'null') return null;
  if (typeof value === 'string') checkString(schema, value, path);
  if (typeof value === 'number') checkNumber(schema, value, path);
  if (Array.isArray(value)) {
    const items = schema.items;
    return items === undefined
      ? [...value]
      : value.map((v, i) => conform(items, v, schemas, `${path}[${i}]`));
  }
  if (type === 'object') return conformObject(schema, value as Record<string, unknown>, schemas, path);
  return value;
}

function conformObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  schemas: Readonly<Record<string, JsonSchema>>,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of schema.required ?? []) {
    if (value[name] === undefined || !Object.prototype.hasOwnProperty.call(value, name))
      throw invalid(join(path, name), 'is required');
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(value, name) || value[name] === undefined) continue;
    out[name] = conform(property, value[name], schemas, join(path, name));
  }
  const extra = schema.additionalProperties;
  if (typeof extra === 'object') {
    for (const [name, v] of Object.entries(value)) {
      if (schema.properties?.[name] !== undefined) continue;
      out[name] = conform(extra, v, schemas, join(path, name));
    }
  }
  return out;
}

function checkString(schema: JsonSchema, value: string, path: string): void {
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    throw invalid(path, `must be at most ${schema.maxLength} characters`);
  if (schema.enum !== undefined && !schema.enum.includes(value))
    throw invalid(path, `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
}

function checkNumber(schema: JsonSchema, value: number, path: string): void {
  if (schema.minimum !== undefined && value < schema.minimum)
    throw invalid(path, `must be at least ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum)
    throw invalid(path, `must be at most ${schema.maximum}`);
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function describe(types: JsonType[]): string {
  const words = types.map((t) => (t === 'integer' || t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`));
  return words.join(' or ').replace('a null', 'null');
}

function resolve(ref: string, schemas: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const schema = ref.startsWith(SCHEMA_REF_PREFIX) ? schemas[ref.slice(SCHEMA_REF_PREFIX.length)] : undefined;
  if (schema === undefined) throw new Error(`unknown schema reference ${ref}`);
  return schema;
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function invalid(field: string, problem: string): BerthError {
  return new BerthError(ErrorCode.INVALID_ARGUMENT, `${field || 'body'} ${problem}`, { field });
}
