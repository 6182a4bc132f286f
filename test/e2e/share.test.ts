import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBucketKeyPair, LocalBucketStatus } from '../../preload/contract/types.js';
import { launchBrowser, openPail, startServe, type ServedPail } from './support/pail-serve.js';
import { callApi, localBucketClient } from './support/seed.js';

let served: ServedPail;
let browser: Browser;
let page: Page;
let work: string;
const BODY = 'the quarterly numbers\n'.repeat(40);
/** Every signature and secret seen during the suite: none may appear in what the server printed. */
const secrets = new Set<string>();

function remember(url: string): void {
  const params = new URL(url).searchParams;
  for (const name of ['X-Amz-Signature', 'X-Amz-Credential', 'Signature']) {
    const value = params.get(name);
    if (value) secrets.add(value);
  }
}

beforeAll(async () => {
  [served, browser] = await Promise.all([startServe(), launchBrowser()]);
  ({ page } = await openPail(browser, served));
  work = await mkdtemp(join(tmpdir(), 'pail-e2e-share-'));
  const client = await localBucketClient(served);
  await client.send(new CreateBucketCommand({ Bucket: 'shared' }));
  await client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'docs/report.txt', Body: BODY, ContentType: 'text/plain' }));
  client.destroy();
  const keys = await callApi<LocalBucketKeyPair>(served, 'revealLocalBucketSecret');
  secrets.add(keys.secretAccessKey);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const tree = () => page.getByRole('tree', { name: 'Connections' });
const grid = () => page.getByRole('grid', { name: 'Objects' });

async function openReportMenu(): Promise<void> {
  await grid()
    .getByRole('row', { name: /report\.txt/ })
    .click({ button: 'right' });
  await page.getByRole('menu', { name: 'Object actions' }).waitFor();
}

async function openShareDialog() {
  await openReportMenu();
  await page.getByRole('menuitem', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share report.txt' });
  await dialog.waitFor();
  return dialog;
}

describe('sharing in the browser', () => {
  it('right-click → Copy presigned link puts a link on the clipboard that fetches the same bytes', async () => {
    const local = tree().getByRole('treeitem', { name: 'Local bucket', exact: true });
    await local.click();
    if ((await local.getAttribute('aria-expanded')) !== 'true') await local.press('ArrowRight');
    await tree().getByRole('treeitem', { name: 'shared', exact: true }).click();
    await grid().getByRole('row', { name: /docs/ }).dblclick();
    await openReportMenu();
    await page.getByRole('menuitem', { name: 'Copy presigned link' }).click();
    await page.getByText(/^Link copied — expires .* \(in 1 hour\) — works on this computer only$/).waitFor();
    const link = await page.evaluate<string>('navigator.clipboard.readText()');
    remember(link);
    expect(new URL(link).searchParams.get('X-Amz-Expires')).toBe('3600');
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(BODY);
  });

  it('the Share dialog: a custom expiry, and the message past 7 days', async () => {
    const dialog = await openShareDialog();
    await dialog.getByRole('combobox', { name: 'Expires after' }).selectOption({ label: 'Custom…' });
    await dialog.getByRole('spinbutton', { name: 'Custom expiry' }).fill('8');
    await dialog.getByRole('combobox', { name: 'Unit' }).selectOption('days');
    await dialog.getByText(/Presigned links last at most 7 days.*protected link.*public URL/).waitFor();
    await dialog.getByRole('spinbutton', { name: 'Custom expiry' }).fill('2');
    const link = dialog.getByRole('textbox', { name: 'Download link' });
    await expect.poll(() => link.inputValue(), { timeout: 15_000 }).toContain('X-Amz-Expires=172800');
    remember(await link.inputValue());
    await dialog.getByText(/UTC\) — in (2 days|1 day 23 hours)$/).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('an upload link, used with the exact curl command the dialog shows', async () => {
    const dialog = await openShareDialog();
    await dialog.getByRole('radio', { name: 'Upload link' }).check();
    await dialog.getByRole('textbox', { name: 'Locked Content-Type' }).fill('text/csv');
    const curl = dialog.getByRole('textbox', { name: 'curl command' });
    await expect.poll(() => curl.inputValue(), { timeout: 15_000 }).toContain("-H 'Content-Type: text/csv'");
    const command = await curl.inputValue();
    remember(command.slice(command.indexOf('http'), -1));
    await writeFile(join(work, 'FILE'), 'a,b\n1,2\n');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('bash', ['-c', command], { cwd: work, stdio: 'ignore' });
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    const client = await localBucketClient(served);
    const stored = await client.send(new GetObjectCommand({ Bucket: 'shared', Key: 'docs/report.txt' }));
    expect(stored.ContentType).toBe('text/csv');
    expect(await stored.Body!.transformToString()).toBe('a,b\n1,2\n');
    await client.send(new PutObjectCommand({ Bucket: 'shared', Key: 'docs/report.txt', Body: BODY, ContentType: 'text/plain' }));
    client.destroy();
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('the inspector decodes a link made by `aws s3 presign`', async () => {
    const status = await callApi<LocalBucketStatus>(served, 'getLocalBucketStatus');
    const keys = await callApi<LocalBucketKeyPair>(served, 'revealLocalBucketSecret');
    const made = await new Promise<string>((resolve, reject) => {
      let out = '';
      const child = spawn(
        '/usr/bin/aws',
        ['s3', 'presign', 's3://shared/docs/report.txt', '--expires-in', '900', '--endpoint-url', status.endpoint!],
        {
          env: {
            PATH: process.env.PATH,
            HOME: work,
            AWS_ACCESS_KEY_ID: status.accessKeyId,
            AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_EC2_METADATA_DISABLED: 'true',
          },
        },
      );
      child.stdout.on('data', (c) => (out += c));
      child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`aws exited ${code}`))));
    });
    remember(made);
    await page.getByRole('button', { name: 'Shared links' }).click();
    const dialog = page.getByRole('dialog', { name: 'Shared links' });
    await dialog.getByRole('tab', { name: 'Inspect a link' }).click();
    await dialog.getByRole('textbox', { name: 'Presigned link' }).fill(made);
    const facts = dialog.getByRole('definition');
    await facts.filter({ hasText: 'SigV4' }).waitFor();
    await facts.filter({ hasText: /^shared$/ }).waitFor();
    await facts.filter({ hasText: /^docs\/report\.txt$/ }).waitFor();
    await facts.filter({ hasText: `${status.accessKeyId.slice(0, 4)}…${status.accessKeyId.slice(-4)}` }).waitFor();
    await facts.filter({ hasText: /^expires .* \(in 1[45] minutes/ }).waitFor();
    // The decoded facts never repeat the signature (the pasted link itself is in the text box, of course).
    expect(await dialog.getByLabel('What the link says').textContent()).not.toContain(new URL(made).searchParams.get('X-Amz-Signature')!);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('a protected link with a password downloads, then Revoke ends it', async () => {
    const dialog = await openShareDialog();
    await dialog.getByRole('radio', { name: 'Protected link' }).check();
    await dialog.getByLabel('Password (optional)').fill('open sesame');
    await dialog.getByRole('button', { name: 'Create protected link' }).click();
    const url = await dialog.getByRole('textbox', { name: 'Protected link' }).inputValue();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\//);

    const recipient = await page.context().newPage();
    await recipient.goto(url);
    await recipient.getByRole('heading', { name: 'report.txt' }).waitFor();
    expect(await recipient.content()).not.toMatch(/shared|docs\/|PAIL|X-Amz/);
    await recipient.getByLabel('Password').fill('wrong');
    await recipient.getByRole('button', { name: 'Download' }).click();
    await recipient.getByRole('alert').filter({ hasText: 'That password is not right.' }).waitFor();
    await recipient.getByLabel('Password').fill('open sesame');
    const [download] = await Promise.all([recipient.waitForEvent('download'), recipient.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('report.txt');
    expect(await readFile((await download.path())!, 'utf8')).toBe(BODY);

    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await dialog.getByText('Revoked: the link no longer works.').waitFor();
    await recipient.goto(url);
    await recipient.getByRole('heading', { name: 'This link is not available' }).waitFor();
    await recipient.close();
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('nothing the server printed carries a signature or a credential', () => {
    expect(secrets.size).toBeGreaterThan(4);
    const output = served.output();
    for (const secret of secrets) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(encodeURIComponent(secret));
    }
    expect(output).not.toMatch(/X-Amz-Signature=(?!REDACTED)/i);
  });
});
