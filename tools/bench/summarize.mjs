#!/usr/bin/env node
// Medians of regbench --compare runs (JSON lines) as a Markdown table, with the
// targets of issue 2. Usage: node tools/bench/summarize.mjs results.jsonl
import { readFileSync } from 'node:fs';

const TARGETS = {
  'push-large': { metric: 'MBps', min: 0.9 },
  'push-chunked': { metric: 'MBps', min: 0.9 },
  'pull-large': { metric: 'MBps', min: 0.85 },
  'push-many-small': { metric: 'rps', min: 1.0 },
  'pull-image': { metric: 'rps', min: 1.0 },
  'manifest-get': { metric: 'rps', min: 1.5, p99: true },
  'manifest-head': { metric: 'rps', min: 1.5, p99: true },
  'tags-list': { metric: 'rps', min: 1.0 },
  catalog: { metric: 'rps', min: 2.0 },
};

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : Math.round(((v[m - 1] + v[m]) / 2) * 1000) / 1000;
};

const lines = readFileSync(process.argv[2], 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const groups = new Map();
let pending = [];
for (const l of lines) {
  if (!l.compare) {
    pending.push(l);
    continue;
  }
  const key = `${l.compare} c=${l.params.concurrency}`;
  const g = groups.get(key) ?? { name: l.compare, c: l.params.concurrency, ratios: [], ours: [], peer: [] };
  g.ratios.push(l.ratio);
  const [a, b] = pending.slice(-2);
  if (a) g.ours.push(a);
  if (b) g.peer.push(b);
  groups.set(key, g);
  pending = [];
}

const out = [];
out.push(
  '| scenario | c | runs | ours (median) | peer (median) | ratio (median) | p99 ratio | target | met |',
);
out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const g of groups.values()) {
  const t = TARGETS[g.name] ?? { metric: 'rps', min: null };
  const unit =
    t.metric === 'MBps' ? 'MB/s' : g.name.startsWith('p') && g.name !== 'pull-large' ? 'img/s' : 'req/s';
  const ours = median(g.ours.map((x) => x[t.metric]));
  const peer = median(g.peer.map((x) => x[t.metric]));
  const r = median(g.ratios.map((x) => x[t.metric]));
  const p99 = median(g.ratios.map((x) => x.p99_ms));
  const met =
    t.min == null ? '' : r != null && r >= t.min && (!t.p99 || (p99 != null && p99 <= 1)) ? 'yes' : 'NO';
  const target = t.min == null ? '' : `≥ ${t.min}${t.p99 ? ', p99 ≤ 1' : ''}`;
  out.push(
    `| ${g.name} | ${g.c} | ${g.ratios.length} | ${ours} ${unit} | ${peer} ${unit} | ${r} | ${p99} | ${target} | ${met} |`,
  );
}
console.log(out.join('\n'));
const rss = (xs) => Math.max(...xs.map((x) => x.server_rss_mb ?? 0));
const all = [...groups.values()];
console.log(
  `\nlargest server RSS seen: ours ${Math.max(...all.map((g) => rss(g.ours)))} MB, peer ${Math.max(...all.map((g) => rss(g.peer)))} MB`,
);
