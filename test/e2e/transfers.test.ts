import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragFilesOnto } from './support/drag-files.js';
import { launchBrowser, openPail, startServe, type ServedPail } from './support/pail-serve.js';
import { localBucketClient } from './support/seed.js';

let served: ServedPail;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let client: S3Client;
let disk: string;

const ONE = 'one.txt';
const TWO = 'two.bin';
let twoBytes: Buffer;

beforeAll(async () => {
  [served, browser] = await Promise.all([startServe(), launchBrowser()]);
  ({ context, page } = await openPail(browser, served));
  client = await localBucketClient(served);
  await client.send(new CreateBucketCommand({ Bucket: 'uploads' }));
  await client.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'inbox/', Body: '' }));
  disk = await mkdtemp(join(tmpdir(), 'pail-e2e-files-'));
  twoBytes = randomBytes(3 * 1024 * 1024 + 17);
  await writeFile(join(disk, ONE), 'hello from the desktop\n');
  await writeFile(join(disk, TWO), twoBytes);
  await mkdir(join(disk, 'album', 'sub'), { recursive: true });
  await writeFile(join(disk, 'album', 'a.jpg'), randomBytes(2048));
  await writeFile(join(disk, 'album', 'sub', 'b.txt'), 'deep\n');
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await browser?.close();
  await served?.stop();
  if (disk) await rm(disk, { recursive: true, force: true });
});

const tree = () => page.getByRole('tree', { name: 'Connections' });
const grid = () => page.getByRole('grid', { name: 'Objects' });
const panel = () => page.getByRole('region', { name: 'Transfers' });
const queueRow = (name: string) => panel().getByRole('listitem', { name, exact: true });

async function keys(bucket: string, prefix = ''): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function body(bucket: string, key: string): Promise<Buffer> {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

describe('transfers in the browser', () => {
  it('uploads files and a folder dragged from disk onto a folder, shows progress to done, and lists them', async () => {
    await tree().getByRole('treeitem', { name: 'Local bucket', exact: true }).click();
    await tree().getByRole('treeitem', { name: 'uploads', exact: true }).click();
    const inbox = tree().getByRole('treeitem', { name: 'inbox', exact: true });
    await inbox.waitFor();

    await dragFilesOnto(context, page, inbox, [join(disk, ONE), join(disk, TWO), join(disk, 'album')], async () => {
      // While over the folder: where the files will go, said in words.
      await page.getByRole('status').filter({ hasText: 'Upload to s3://uploads/inbox/' }).waitFor();
    });

    await panel().getByRole('status').filter({ hasText: '4 of 4 files done' }).waitFor({ timeout: 60_000 });
    expect(await keys('uploads', 'inbox/')).toEqual([
      'inbox/',
      'inbox/album/a.jpg',
      'inbox/album/sub/b.txt',
      'inbox/one.txt',
      'inbox/two.bin',
    ]);
    expect((await body('uploads', 'inbox/two.bin')).equals(twoBytes)).toBe(true);
    expect((await body('uploads', 'inbox/album/sub/b.txt')).toString()).toBe('deep\n');

    await inbox.click();
    for (const name of [/album/, /one\.txt/, /two\.bin/]) await grid().getByRole('row', { name }).waitFor();
  });

  it('asks before replacing, cancels one and overwrites the other', async () => {
    await writeFile(join(disk, ONE), 'a newer one\n');
    await dragFilesOnto(context, page, grid(), [join(disk, ONE), join(disk, TWO)]);
    const prompt = panel().getByRole('group', { name: 'Already exists' });
    await prompt
      .getByText(/already exists at s3:\/\/uploads\/inbox\//)
      .first()
      .waitFor({ timeout: 30_000 });

    // Two conflicts are parked; nothing was sent for either. Open the batch and cancel the big one.
    await panel()
      .getByRole('button', { name: /^Show the files of/ })
      .last()
      .click({ timeout: 10_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nThe panel says: ${await panel().innerText()}`);
      });
    await queueRow(TWO)
      .last()
      .getByRole('button', { name: `Cancel ${TWO}` })
      .click();
    await queueRow(TWO).last().getByText('Cancelled').waitFor();

    await prompt
      .getByRole('button', { name: 'Overwrite' })
      .click({ timeout: 10_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nThe panel says: ${await panel().innerText()}`);
      });
    await expect.poll(async () => (await body('uploads', 'inbox/one.txt')).toString(), { timeout: 30_000 }).toBe('a newer one\n');
    expect((await body('uploads', 'inbox/two.bin')).equals(twoBytes)).toBe(true);
  });

  it('says why an upload failed and retries it once the cause is fixed', async () => {
    await client.send(new CreateBucketCommand({ Bucket: 'fragile' }));
    await tree().getByRole('treeitem', { name: 'Local bucket', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await grid()
      .getByRole('row', { name: /fragile/ })
      .dblclick();
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByText('fragile').waitFor();
    // The bucket goes away behind the app's back: the upload must fail, with the reason.
    await client.send(new DeleteBucketCommand({ Bucket: 'fragile' }));
    await dragFilesOnto(context, page, grid(), [join(disk, 'album', 'sub', 'b.txt')], async () => {
      await page.getByRole('status').filter({ hasText: 'Upload to s3://fragile/' }).waitFor();
    });
    const row = queueRow('b.txt').last();
    await row.getByText('Failed').waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toMatch(/Failed · .*bucket/i);

    await client.send(new CreateBucketCommand({ Bucket: 'fragile' }));
    await row.getByRole('button', { name: 'Retry b.txt' }).click();
    await row
      .getByText('Done')
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nThe row says: ${await row.textContent()}`);
      });
    expect((await body('fragile', 'b.txt')).toString()).toBe('deep\n');
  });

  it('downloads an object through the browser, byte for byte', async () => {
    await tree().getByRole('treeitem', { name: 'inbox', exact: true }).click();
    const row = grid().getByRole('row', { name: /two\.bin/ });
    await row.click({ button: 'right' });
    const downloaded = page.waitForEvent('download');
    await page.getByRole('menu', { name: 'Object actions' }).getByRole('menuitem', { name: 'Download', exact: true }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(TWO);
    const saved = await readFile((await download.path())!);
    expect(saved.equals(twoBytes)).toBe(true);
  });

  it('downloads a folder to a typed local folder through the queue', async () => {
    const target = join(disk, 'downloaded');
    await mkdir(target);
    const row = grid().getByRole('row', { name: /album/ });
    await row.click({ button: 'right' });
    await page.getByRole('menu', { name: 'Object actions' }).getByRole('menuitem', { name: 'Download to…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Download to' });
    await dialog.getByRole('textbox', { name: 'Folder on this computer' }).fill(target);
    await dialog.getByRole('button', { name: 'Download' }).click();
    await expect
      .poll(async () => (await readFile(join(target, 'album', 'sub', 'b.txt')).catch(() => Buffer.from(''))).toString(), {
        timeout: 30_000,
      })
      .toBe('deep\n');
  });

  it('previews a text file on double-click', async () => {
    await grid()
      .getByRole('row', { name: /one\.txt/ })
      .dblclick();
    const dialog = page.getByRole('dialog', { name: ONE });
    await dialog.getByText('a newer one').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
