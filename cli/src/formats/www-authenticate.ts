export interface Challenge {
  /** Lower case, e.g. `bearer`. */
  scheme: string;
  params: Record<string, string>;
}

/**
 * The first challenge of a WWW-Authenticate header (RFC 9110 §11.6.1), e.g.
 * `Bearer realm="https://r/auth/token",service="r",scope="repository:a/b:pull"`. Quoted values
 * may contain commas and backslash escapes. Undefined when the header is missing or empty.
 */
export function parseChallenge(header: string | null | undefined): Challenge | undefined {
  if (!header) return undefined;
  const scheme = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/.exec(header);
  if (!scheme) return undefined;
  const params: Record<string, string> = {};
  let rest = header.slice(scheme[0].length);
  const param = /^[\s,]*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]*)/;
  for (let m = param.exec(rest); m; m = param.exec(rest)) {
    const name = m[1].toLowerCase();
    if (!(name in params)) params[name] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2];
    rest = rest.slice(m[0].length);
    // A following `Scheme param=…` starts the next challenge: stop at the first one.
    if (/^\s*,?\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\s+[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=/.test(rest)) break;
  }
  return { scheme: scheme[1].toLowerCase(), params };
}
