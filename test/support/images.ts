import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './exec';
import { SHARED } from './stack';

export interface MkImageSummary {
  manifest?: { digest: string; size: number };
  index?: { digest: string; size: number };
  config?: { digest: string };
  layers?: Array<{ digest: string; size: number }>;
  [k: string]: unknown;
}

/** Makes a real OCI image layout offline with ../shared/testimages/mkimage. */
export async function mkimage(args: string[]): Promise<{ dir: string; summary: MkImageSummary }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'berth-img-')), 'layout');
  const res = await run(process.execPath, [join(SHARED, 'testimages', 'mkimage'), '-q', ...args, dir]);
  return { dir, summary: JSON.parse(res.stdout) as MkImageSummary };
}
