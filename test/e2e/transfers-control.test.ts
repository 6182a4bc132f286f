import { CreateBucketCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeNeeding } from '../support/system-tools.js';
import { dragFilesOnto } from './support/drag-files.js';
import { BUSY_MACHINE_MS, chromiumMissing, launchBrowser, openPail, startServe, type ServedPail } from './support/pail-serve.js';
import { localBucketClient } from './support/seed.js';

let served: ServedPail;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let client: S3Client;
let disk: string;

const MiB = 1024 * 1024;
const BIG = 'big.bin';
const SMALL = ['small-1.txt', 'small-2.txt'];

const tree = () => page.getByRole('tree', { name: 'Connections' });
const panel = () => page.getByRole('region', { name: 'Transfers' });
const queueRow = (name: string) => panel().getByRole('listitem', { name, exact: true });

async function notFound(key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: 'control', Key: key }));
    return false;
  } catch (err) {
    return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
  }
}

describeNeeding('transfer settings and control in the browser', chromiumMissing(), () => {
  beforeAll(async () => {
    [served, browser] = await Promise.all([startServe(), launchBrowser()]);
    ({ context, page } = await openPail(browser, served));
    client = await localBucketClient(served);
    await client.send(new CreateBucketCommand({ Bucket: 'control' }));
    await client.send(new PutObjectCommand({ Bucket: 'control', Key: 'drop/', Body: '' }));
    disk = await mkdtemp(join(tmpdir(), 'pail-e2e-control-'));
    const big = await open(join(disk, BIG), 'w');
    for (let i = 0; i < 8; i++) await big.write(randomBytes(8 * MiB));
    await big.close();
    for (const name of SMALL) await writeFile(join(disk, name), `${name}\n`);
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await browser?.close();
    await served?.stop();
    if (disk) await rm(disk, { recursive: true, force: true });
  });

  it('sets the queue limits in Settings: out-of-range values are refused in words, valid ones are saved', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const files = dialog.getByRole('spinbutton', { name: 'Files at once' });
    const parts = dialog.getByRole('spinbutton', { name: 'Parts per file at once' });
    expect(await files.inputValue()).toBe('4');
    expect(await parts.inputValue()).toBe('4');

    await files.fill('17');
    await dialog.getByText('Enter a whole number from 1 to 16.').waitFor();
    expect(await files.getAttribute('aria-invalid')).toBe('true');
    await files.fill('2');
    await parts.fill('0');
    await dialog.getByText('Enter a whole number from 1 to 16.').waitFor();
    await parts.fill('8');
    await expect
      .poll(async () => JSON.parse(await readFile(join(served.home, 'settings.json'), 'utf8').catch(() => '{}')) as object, {
        timeout: BUSY_MACHINE_MS,
      })
      .toMatchObject({ transferFilesAtOnce: 2, transferPartsPerFile: 8 });
    expect(await files.getAttribute('aria-invalid')).toBeNull();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Saved, not only shown: a fresh page reads them back.
    await page.reload();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    expect(await page.getByRole('spinbutton', { name: 'Files at once' }).inputValue()).toBe('2');
    expect(await page.getByRole('spinbutton', { name: 'Parts per file at once' }).inputValue()).toBe('8');
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
  });

  it('cancels one running upload: its multipart upload is aborted and no object appears, while the other files complete', async () => {
    await tree().getByRole('treeitem', { name: 'Local bucket', exact: true }).click();
    await tree().getByRole('treeitem', { name: 'control', exact: true }).click();
    const target = tree().getByRole('treeitem', { name: 'drop', exact: true });
    await target.waitFor();
    // A slow uplink (Chromium's network emulation) keeps the 64 MiB upload running long enough to
    // click Cancel while its bytes move; the test still waits only for states, never for time.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 4 * MiB });
    try {
      await dragFilesOnto(context, page, target, [join(disk, BIG), ...SMALL.map((n) => join(disk, n))]);
      const show = panel().getByRole('button', { name: /^Show the files of/ });
      await show.last().click();
      const row = queueRow(BIG).last();
      // Bytes are moving: the row's progress bar has left zero.
      const bar = row.getByRole('progressbar', { name: `${BIG} progress` });
      await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: BUSY_MACHINE_MS }).toBeGreaterThan(0);
      expect(await row.textContent()).toMatch(/Uploading/);
      // The server already holds a multipart upload for it.
      await expect
        .poll(async () => (await client.send(new ListMultipartUploadsCommand({ Bucket: 'control' }))).Uploads?.length ?? 0, {
          timeout: BUSY_MACHINE_MS,
        })
        .toBe(1);
      await row.getByRole('button', { name: `Cancel ${BIG}` }).click();
      await row.getByText('Cancelled').waitFor();
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    for (const name of SMALL) await queueRow(name).last().getByText('Done').waitFor();
    await expect
      .poll(async () => (await client.send(new ListMultipartUploadsCommand({ Bucket: 'control' }))).Uploads ?? [], {
        timeout: BUSY_MACHINE_MS,
      })
      .toEqual([]);
    expect(await notFound(`drop/${BIG}`)).toBe(true);
    for (const name of SMALL) {
      const got = await client.send(new HeadObjectCommand({ Bucket: 'control', Key: `drop/${name}` }));
      expect(got.ContentLength).toBe(`${name}\n`.length);
    }
  });
});
