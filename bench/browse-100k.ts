/**
 * Browser mode, measured by Playwright in Debian's Chromium: how long until the first rows and
 * until the full count appear for a prefix of 100,000 objects in the local bucket.
 *
 * The objects are written straight into the local bucket's data folder through its storage layer
 * before `pail serve` starts (putting 100,000 objects over HTTP would take minutes and is not what
 * is measured). The clock starts when the prefix is opened in the UI and stops when the grid shows
 * its first row, then when the status bar says "100,000 objects".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '../main/services/local-s3/store/fs-object-store.js';
import { launchBrowser, openPail, startServe } from '../test/e2e/support/pail-serve.js';

/** One measurement of the 100,000-object listing. */
export interface BrowseResult {
  objects: number;
  firstRowsMs: number;
  fullCountMs: number;
}

/** Writes `count` empty objects under `prefix` directly into a local bucket data folder. */
async function seedStore(dataDir: string, bucket: string, prefix: string, count: number): Promise<void> {
  const store = await FsObjectStore.open(dataDir);
  try {
    const b = store.bucket(bucket) ?? (await store.createBucket(bucket, 'private'));
    const now = Date.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      pending.push(
        b.commit(`${prefix}object-${String(i).padStart(6, '0')}.dat`, {
          size: 0,
          etag: 'd41d8cd98f00b204e9800998ecf8427e',
          lastModified: now,
          headers: { 'content-type': 'binary/octet-stream' },
          meta: {},
          acl: 'private',
          storageClass: 'STANDARD',
          files: [],
        }),
      );
    }
    await Promise.all(pending);
  } finally {
    await store.close();
  }
}

/** Runs the measurement `runs` times on one seeded PAIL_HOME and returns every run. */
export async function benchBrowse100k(count = 100_000, runs = 3): Promise<BrowseResult[]> {
  const home = await mkdtemp(join(tmpdir(), 'pail-bench-home-'));
  await seedStore(join(home, 'local-bucket'), 'bench', 'many/', count);
  const served = await startServe({ PAIL_HOME: home });
  const browser = await launchBrowser();
  const results: BrowseResult[] = [];
  const label = `${count.toLocaleString('en-US')} objects`;
  try {
    for (let run = 0; run < runs; run++) {
      const { context, page } = await openPail(browser, served);
      const tree = page.getByRole('tree', { name: 'Connections' });
      const local = tree.getByRole('treeitem', { name: 'Local bucket', exact: true });
      await local.click();
      await local.press('ArrowRight');
      await tree.getByRole('treeitem', { name: 'bench', exact: true }).click();
      const grid = page.getByRole('grid', { name: 'Objects' });
      const folder = grid.getByRole('row', { name: /many/ });
      await folder.waitFor();
      const started = performance.now();
      await folder.dblclick();
      await grid
        .getByRole('row', { name: /object-0000/ })
        .first()
        .waitFor({ timeout: 60_000 });
      const firstRowsMs = performance.now() - started;
      await page
        .getByRole('status')
        .filter({ hasText: new RegExp(`^${label}`) })
        .waitFor({ timeout: 120_000 });
      const fullCountMs = performance.now() - started;
      results.push({ objects: count, firstRowsMs, fullCountMs });
      await context.close();
    }
  } finally {
    await browser.close();
    await served.stop();
    await rm(home, { recursive: true, force: true });
  }
  return results;
}

// `tsx bench/browse-100k.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await benchBrowse100k(Number(process.env.BENCH_OBJECTS ?? 100_000));
  for (const r of results) console.log(`first rows ${r.firstRowsMs.toFixed(0)} ms, full count ${r.fullCountMs.toFixed(0)} ms`);
}
