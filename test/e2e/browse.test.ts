import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/local-s3.js';
import { describeNeeding } from '../support/system-tools.js';
import { BUSY_MACHINE_MS, chromiumMissing, launchBrowser, openPail, startServe, type ServedPail } from './support/pail-serve.js';
import { localBucketClient, seedObjects } from './support/seed.js';

let served: ServedPail;
let browser: Browser;
let page: Page;
let second: TestServer;

const tree = () => page.getByRole('tree', { name: 'Connections' });
const grid = () => page.getByRole('grid', { name: 'Objects' });
const statusText = (text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

/** Expands a tree item by keyboard, as a person would: select it, then ArrowRight. */
async function expand(name: string): Promise<void> {
  const item = tree().getByRole('treeitem', { name, exact: true });
  await item.click();
  if ((await item.getAttribute('aria-expanded')) !== 'true') await item.press('ArrowRight');
}

describeNeeding('Pail in the browser', chromiumMissing(), () => {
  beforeAll(async () => {
    [served, browser, second] = await Promise.all([startServe(), launchBrowser(), startTestServer()]);
    ({ page } = await openPail(browser, served));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await second?.stop();
  });

  it('shows the local bucket, already running, first in the tree', async () => {
    await tree().getByRole('treeitem').first().filter({ hasText: 'Local bucket' }).waitFor();
  });

  it('creates a bucket and a folder in the local bucket', async () => {
    await expand('Local bucket');
    await page.getByRole('button', { name: 'New bucket' }).click();
    const dialog = page.getByRole('dialog', { name: 'New bucket' });
    await dialog.getByRole('textbox', { name: 'Bucket name' }).fill('holiday-photos');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await tree().getByRole('treeitem', { name: 'holiday-photos', exact: true }).waitFor();

    await tree().getByRole('treeitem', { name: 'holiday-photos', exact: true }).click();
    await page.getByRole('button', { name: 'New folder' }).click();
    const folderDialog = page.getByRole('dialog', { name: 'New folder' });
    await folderDialog.getByRole('textbox', { name: 'Folder name' }).fill('2026');
    await folderDialog.getByRole('button', { name: 'Create' }).click();
    await grid().getByRole('row', { name: /2026/ }).waitFor();
  });

  it('lists a prefix of 10,000 objects: count, scroll, filter, sort', async () => {
    const client = await localBucketClient(served);
    await seedObjects(client, 'holiday-photos', 'big/', 10_000);
    client.destroy();
    await tree().getByRole('treeitem', { name: 'holiday-photos', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await grid().getByRole('row', { name: /big/ }).first().dblclick();
    await statusText('10,000 objects').waitFor();
    expect(await grid().getAttribute('aria-rowcount')).toMatch(/^1000[01]$/);
    // Virtualized: only a window of the 10,000 rows exists in the page.
    expect(await grid().getByRole('row').count()).toBeLessThan(200);

    await grid().focus();
    await page.keyboard.press('End');
    await grid()
      .getByRole('row', { name: /file-009999\.txt/ })
      .waitFor();

    await page.getByRole('searchbox', { name: 'Filter' }).fill('file-00012');
    await statusText('10 of 10,000 objects').waitFor();
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');
    await statusText(/^10,000 objects/).waitFor();

    const sizeHeader = grid().getByRole('columnheader', { name: 'Size' });
    // Sorting 10,000 rows: wait for the sorted state itself (within the machine's budget).
    await sizeHeader.click();
    await sizeHeader.and(page.locator('[aria-sort="ascending"]')).waitFor();
    await sizeHeader.click();
    await sizeHeader.and(page.locator('[aria-sort="descending"]')).waitFor();
    // Largest objects (96 bytes) come first when sorted by size, descending.
    await grid().getByRole('row').nth(1).filter({ hasText: '96 bytes' }).waitFor();
  });

  it('renames an object', async () => {
    await page.getByRole('searchbox', { name: 'Filter' }).fill('file-000001.txt');
    const row = grid().getByRole('row', { name: /file-000001\.txt/ });
    await row.click();
    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: 'Rename' });
    await dialog.getByRole('textbox', { name: 'New name' }).fill('renamed.txt');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('searchbox', { name: 'Filter' }).fill('renamed');
    await grid()
      .getByRole('row', { name: /renamed\.txt/ })
      .waitFor();
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');
  });

  it('deletes a prefix recursively after a confirmation that states the count', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('button', { name: 'holiday-photos' }).click();
    const row = grid().getByRole('row', { name: /big/ });
    await row.click();
    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete' });
    await dialog.getByText('Delete 10,000 objects').waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Deleted 10,000 objects').waitFor({ timeout: BUSY_MACHINE_MS });
    await grid().getByRole('row', { name: /big/ }).first().waitFor({ state: 'detached' });
  });

  it('adds a second connection through the form and browses it', async () => {
    await second.client.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: 'second-bucket' }));
    await page.getByRole('button', { name: 'Add connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add connection' });
    await dialog.getByLabel('Name').fill('Second server');
    await dialog.getByLabel('Provider').selectOption({ label: 'Custom S3-compatible' });
    await dialog.getByLabel('Endpoint').fill(second.server.endpoint);
    await dialog.getByLabel('Access key ID').fill(TEST_CREDENTIALS.accessKeyId);
    await dialog.getByLabel('Secret access key').fill(TEST_CREDENTIALS.secretAccessKey);
    await dialog.getByRole('button', { name: 'Test' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expand('Second server');
    await tree().getByRole('treeitem', { name: 'second-bucket', exact: true }).waitFor();
  });

  it('explains a wrong secret in words', async () => {
    await page.getByRole('button', { name: 'Add connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add connection' });
    await dialog.getByLabel('Name').fill('Typo');
    await dialog.getByLabel('Provider').selectOption({ label: 'Custom S3-compatible' });
    await dialog.getByLabel('Endpoint').fill(second.server.endpoint);
    await dialog.getByLabel('Access key ID').fill(TEST_CREDENTIALS.accessKeyId);
    await dialog.getByLabel('Secret access key').fill('not-the-right-secret');
    await dialog.getByRole('button', { name: 'Test' }).click();
    await dialog.getByRole('status').filter({ hasText: 'The secret access key is wrong' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('serves the icon the page names, so no page load logs a 404', async () => {
    const failed: string[] = [];
    const fresh = await page.context().newPage();
    fresh.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
    });
    await fresh.goto(`${served.origin}/`);
    await fresh.getByRole('tree', { name: 'Connections' }).waitFor();
    const icon = await fresh.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).not.toBeNull();
    const res = await fresh.request.get(new URL(icon!, `${served.origin}/`).href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('image/svg+xml');
    expect(failed).toEqual([]);
    await fresh.close();
  });

  it('refuses requests without the token', async () => {
    const res = await fetch(`${served.origin}/`);
    expect(res.status).toBe(401);
    const api = await fetch(`${served.origin}/api/call/listConnections`, {
      method: 'POST',
      headers: { origin: served.origin },
      body: '{"args":[]}',
    });
    expect(api.status).toBe(401);
    const fresh = await browser.newPage();
    await fresh.goto(`${served.origin}/`);
    expect(await fresh.textContent('body')).toContain('open the link Pail printed');
    await fresh.close();
  });
});
