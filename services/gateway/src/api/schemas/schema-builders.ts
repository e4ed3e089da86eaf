import { schemaRef, type JsonSchema } from '../json-schema';

/** Shorthands for writing the API's JSON Schemas. */

export const INT32_MAX = 2_147_483_647;

export function str(description?: string, extra: JsonSchema = {}): JsonSchema {
  return withDescription({ type: 'string', ...extra }, description);
}

export function bool(description?: string): JsonSchema {
  return withDescription({ type: 'boolean' }, description);
}

/** A proto int32; `minimum` defaults to 0 (every int32 of the API is a count or a limit). */
export function int32(description?: string, minimum = 0): JsonSchema {
  return withDescription({ type: 'integer', minimum, maximum: INT32_MAX }, description);
}

export function list(items: JsonSchema, description?: string): JsonSchema {
  return withDescription({ type: 'array', items }, description);
}

/** A `map<string, string>`. */
export function stringMap(description?: string): JsonSchema {
  return withDescription({ type: 'object', additionalProperties: { type: 'string' } }, description);
}

export function ref(name: string, description?: string): JsonSchema {
  return withDescription(schemaRef(name), description);
}

/** A message field of a response: grpc-js renders an unset one as null. */
export function nullableRef(name: string, description?: string): JsonSchema {
  return withDescription({ anyOf: [schemaRef(name), { type: 'null' }] }, description);
}

/**
 * A message. In responses every field but a proto3 `optional` one is always present (defaults are
 * filled in), so `required` lists them; in request bodies it lists what the API insists on.
 */
export function message(
  description: string,
  properties: Record<string, JsonSchema>,
  required: string[] = [],
): JsonSchema {
  return required.length > 0
    ? { type: 'object', description, properties, required }
    : { type: 'object', description, properties };
}

/** A response message: every property is required except the proto3 `optional` ones named. */
export function response(
  description: string,
  properties: Record<string, JsonSchema>,
  optional: string[] = [],
): JsonSchema {
  return message(
    description,
    properties,
    Object.keys(properties).filter((p) => !optional.includes(p)),
  );
}

function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  return description === undefined ? schema : { ...schema, description };
}
