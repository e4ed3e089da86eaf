/**
 * Quotes untrusted input for an error message: JSON-escaped, so control characters cannot forge
 * log lines, and clipped, so a megabyte-long header is not echoed back. Internal to this library.
 */
export function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** Names the JSON type of a value that had the wrong type, for "must be …, got …" messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value, 40)}`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
