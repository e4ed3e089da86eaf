/**
 * What toYaml can write: strings, numbers, booleans, null, arrays and plain objects of them; object
 * members that are undefined are left out, as JSON.stringify does.
 */
export type YamlValue =
  string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER_LIKE = /^[-+]?(\.?\d|0x|0o|\.inf|\.nan)/i;
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./+=-]*$/;

/**
 * A scalar as YAML: plain when that reads back as the same string in YAML 1.1 and 1.2 (letters,
 * digits and `_./+=-`, not a boolean, null or number look-alike), else double-quoted with JSON's
 * escapes (valid YAML escapes), plus \u escapes for what YAML reads as a line break or refuses.
 */
export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (PLAIN.test(value) && !RESERVED.test(value) && !NUMBER_LIKE.test(value)) return value;
  // JSON leaves these as they are; YAML reads them as line breaks or refuses them unescaped.
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Block-style YAML, two spaces per level, keys in the order given; ends with a newline. */
export function toYaml(value: YamlValue): string {
  return `${lines(value, 0).join('\n')}\n`;
}

function isScalar(value: YamlValue): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

function lines(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (isScalar(value)) return [`${pad}${yamlScalar(value)}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      if (isScalar(item) || isEmpty(item)) return [`${pad}- ${inline(item)}`];
      const inner = lines(item, indent + 2);
      return [`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1)];
    });
  }
  const entries = Object.entries(value).filter((e): e is [string, YamlValue] => e[1] !== undefined);
  if (entries.length === 0) return [`${pad}{}`];
  return entries.flatMap(([key, item]) => {
    const k = `${pad}${yamlScalar(key)}:`;
    if (isScalar(item) || isEmpty(item)) return [`${k} ${inline(item)}`];
    return [k, ...lines(item, Array.isArray(item) ? indent : indent + 2)];
  });
}

function isEmpty(value: YamlValue): boolean {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => v === undefined);
}

function inline(value: YamlValue): string {
  if (isScalar(value)) return yamlScalar(value);
  return Array.isArray(value) ? '[]' : '{}';
}
