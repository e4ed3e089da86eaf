/**
 * A tiny, explicit config schema: every variable a service reads is declared
 * once with its type, default and description, validated at boot, and listed in
 * the README's configuration table. Only config code reads process.env.
 */
export type VarSpec =
  | { type: 'string'; default?: string; required?: boolean; secret?: boolean; description: string }
  | { type: 'int'; default?: number; min?: number; max?: number; description: string }
  | { type: 'bool'; default?: boolean; description: string }
  | { type: 'enum'; values: readonly string[]; default?: string; description: string }
  | { type: 'address'; default?: string; description: string };

export type ConfigSchema = Record<string, VarSpec>;

type ValueOf<S extends VarSpec> = S extends { type: 'int' }
  ? number
  : S extends { type: 'bool' }
    ? boolean
    : S extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : S extends { type: 'string'; default: string }
        ? string
        : S extends { type: 'string'; required: true }
          ? string
          : S extends { type: 'string' }
            ? string | undefined
            : string;

export type ConfigOf<S extends ConfigSchema> = { [K in keyof S]: ValueOf<S[K]> };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates `env` against `schema`; throws a ConfigError naming every bad variable. */
export function loadConfig<S extends ConfigSchema>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const raw = env[name];
    const present = raw !== undefined && raw !== '';
    try {
      out[name] = present ? parse(name, spec, raw) : defaultOf(name, spec);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return out as ConfigOf<S>;
}

function defaultOf(name: string, spec: VarSpec): unknown {
  if (spec.type === 'string' && spec.required && spec.default === undefined)
    throw new Error(`${name} is required: ${spec.description}`);
  return spec.default;
}

function parse(name: string, spec: VarSpec, raw: string): unknown {
  switch (spec.type) {
    case 'string':
      return raw;
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new Error(`${name} must be an integer, got "${raw}"`);
      const n = Number(raw);
      if (spec.min !== undefined && n < spec.min) throw new Error(`${name} must be ≥ ${spec.min}, got ${n}`);
      if (spec.max !== undefined && n > spec.max) throw new Error(`${name} must be ≤ ${spec.max}, got ${n}`);
      return n;
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      throw new Error(`${name} must be true or false, got "${raw}"`);
    }
    case 'enum':
      if (!spec.values.includes(raw))
        throw new Error(`${name} must be one of ${spec.values.join(', ')}, got "${raw}"`);
      return raw;
    case 'address':
      if (!/^[^\s:]+:\d{1,5}$/.test(raw) && !/^\[[0-9a-f:]+\]:\d{1,5}$/i.test(raw))
        throw new Error(`${name} must be host:port, got "${raw}"`);
      return raw;
  }
}

/** Renders a schema as Markdown table rows (used to check the README table). */
export function describeSchema(
  schema: ConfigSchema,
): Array<{ name: string; default: string; description: string }> {
  return Object.entries(schema).map(([name, spec]) => ({
    name,
    default: spec.default === undefined ? '' : String(spec.default),
    description: spec.description,
  }));
}
