import { API_PREFIX, type ApiRoute } from './api-route';

/** Markers around the generated route table in docs/api/README.md. */
export const ROUTES_BEGIN = '<!-- routes:begin (generated from services/gateway/src/api/api-routes.ts) -->';
export const ROUTES_END = '<!-- routes:end -->';

/** The Markdown table of `routes` that docs/api/README.md carries (a unit test keeps them equal). */
export function renderRouteTable(routes: readonly ApiRoute[]): string {
  const lines = [
    '| Method | Path | Query | Body | Success | What it does |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of routes) {
    const query = Object.keys(r.query ?? {}).join(', ') || '—';
    const success = r.response === undefined ? `${r.status}` : `${r.status} \`${r.response}\``;
    const body = r.body === undefined ? '—' : `\`${r.body}\``;
    lines.push(
      `| ${r.method} | \`${API_PREFIX}${r.path}\` | ${query} | ${body} | ${success} | ${r.summary.replace(/\|/g, '\\|')} |`,
    );
  }
  return lines.join('\n');
}
