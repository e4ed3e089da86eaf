/**
 * A deliberately small YAML reader for what toYaml writes (block mappings, plain and
 * double-quoted scalars, `{}`), strict about indentation: enough to prove the output reads back.
 */
export function readYaml(text: string): unknown {
  if (!text.endsWith('\n')) throw new Error('the document does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  let i = 0;
  const scalar = (s: string): unknown => {
    if (s.startsWith('"')) return JSON.parse(s);
    if (s === '{}') return {};
    // A plain scalar must be one that YAML 1.1 and 1.2 read as a string.
    if (!/^[A-Za-z_./][A-Za-z0-9_./+=-]*$/.test(s) || /^(true|false|yes|no|on|off|y|n|null|~)$/i.test(s)) {
      throw new Error(`plain scalar ${JSON.stringify(s)} may not read back as that string`);
    }
    return s;
  };
  const mapping = (indent: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    while (i < lines.length) {
      const line = lines[i];
      const depth = line.length - line.trimStart().length;
      if (depth < indent) break;
      if (depth !== indent) throw new Error(`bad indentation: ${JSON.stringify(line)}`);
      const m = /^("(?:[^"\\]|\\.)*"|[^\s":][^:]*):(?: (.+))?$/.exec(line.slice(indent));
      if (!m) throw new Error(`not a mapping entry: ${JSON.stringify(line)}`);
      const key = scalar(m[1]) as string;
      if (key in out) throw new Error(`duplicate key ${key}`);
      i += 1;
      out[key] = m[2] === undefined ? mapping(indent + 2) : scalar(m[2]);
    }
    return out;
  };
  const doc = mapping(0);
  if (i !== lines.length) throw new Error(`unread line ${JSON.stringify(lines[i])}`);
  return doc;
}
