/**
 * Takes docs/screenshot.png: the real UI in Debian's Chromium, from browser mode, with a few
 * buckets and objects in the local bucket. Run it with a keychain so no session-only banner shows:
 * `scripts/with-keyring.sh npx tsx scripts/screenshot.ts`
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { launchBrowser, openPail, startServe } from '../test/e2e/support/pail-serve.js';
import { localBucketClient, seedObjects } from '../test/e2e/support/seed.js';

const served = await startServe();
const browser = await launchBrowser();
try {
  const client = await localBucketClient(served);
  await seedObjects(client, 'website-assets', 'archive/', 40);
  await seedObjects(client, 'holiday-photos', 'drafts/', 5);
  const files: [string, string, number][] = [
    ['2026/alps/IMG_0412.jpg', 'image/jpeg', 4_812_331],
    ['2026/alps/IMG_0413.jpg', 'image/jpeg', 5_120_004],
    ['2026/alps/panorama.tif', 'image/tiff', 48_331_220],
    ['2026/lisbon/tram.jpg', 'image/jpeg', 3_211_876],
    ['2026/notes.md', 'text/markdown', 2_310],
    ['2026/itinerary.pdf', 'application/pdf', 418_223],
    ['2026/video/surfing.mp4', 'video/mp4', 12_540_112],
  ];
  for (const [key, type, size] of files) {
    await client.send(
      new PutObjectCommand({ Bucket: 'holiday-photos', Key: key, Body: Buffer.alloc(Math.min(size, 2_000_000), 1), ContentType: type }),
    );
  }
  client.destroy();
  const { page } = await openPail(browser, served);
  await page.setViewportSize({ width: 1280, height: 760 });
  const tree = page.getByRole('tree', { name: 'Connections' });
  const local = tree.getByRole('treeitem', { name: 'Local bucket', exact: true });
  await local.click();
  await local.press('ArrowRight');
  await tree.getByRole('treeitem', { name: 'holiday-photos', exact: true }).click();
  const grid = page.getByRole('grid', { name: 'Objects' });
  await grid.getByRole('row', { name: /2026/ }).dblclick();
  await grid.getByRole('row', { name: /alps/ }).waitFor();
  await grid.getByRole('row', { name: /itinerary/ }).click();
  await page.getByRole('complementary', { name: 'Properties' }).getByText('Content type').waitFor();
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  await served.stop();
}
