import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { describeNeeding } from '../support/system-tools.js';
import { BUSY_MACHINE_MS, chromiumMissing, launchBrowser } from './support/pail-serve.js';

/**
 * POST Object as browsers use it, in Debian's Chromium: a page on another origin uploads to the
 * local bucket with a plain HTML form (file input, redirect back to the page) and with fetch +
 * FormData, which needs the bucket's CORS rule to read the answer.
 */
const BUCKET = 'browser-forms';

describeNeeding('POST Object from a browser page', chromiumMissing(), () => {
  let s3: TestServer;
  let site: Server;
  let origin: string;
  let browser: Browser;
  let page = '';

  beforeAll(async () => {
    s3 = await startTestServer();
    await s3.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    site = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(req.url?.startsWith('/done') ? '<!doctype html><title>Uploaded</title><h1>Uploaded</h1>' : page);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    await s3.client.send(
      new PutBucketCorsCommand({
        Bucket: BUCKET,
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['POST'], AllowedHeaders: ['*'] }] },
      }),
    );
    browser = await launchBrowser();
  }, BUSY_MACHINE_MS);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    await s3?.stop();
  });

  it(
    'uploads with an HTML form and lands on success_action_redirect; fetch + FormData reads the 201 document through CORS',
    async () => {
      const redirect = `${origin}/done`;
      const form = await createPresignedPost(s3.client, {
        Bucket: BUCKET,
        Key: 'from-form/${filename}',
        Fields: { success_action_redirect: redirect },
        Conditions: [['content-length-range', 1, 1024 * 1024]],
        Expires: 600,
      });
      const viaFetch = await createPresignedPost(s3.client, {
        Bucket: BUCKET,
        Key: 'from-fetch/note.txt',
        Fields: { success_action_status: '201', 'Content-Type': 'text/plain' },
        Expires: 600,
      });
      const hidden = Object.entries(form.fields)
        .map(([name, value]) => `<input type="hidden" name="${name}" value="${value.replaceAll('"', '&quot;')}">`)
        .join('\n');
      page = `<!doctype html><title>Upload</title>
        <form method="post" action="${form.url}" enctype="multipart/form-data">
          ${hidden}
          <label>File <input type="file" name="file"></label>
          <button type="submit">Upload</button>
        </form>`;

      const context = await browser.newContext();
      try {
        const tab = await context.newPage();
        await tab.goto(`${origin}/`);
        await tab.getByLabel('File').setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from('sent by a form') });
        await Promise.all([tab.waitForURL(/\/done\?/, { timeout: BUSY_MACHINE_MS }), tab.getByRole('button', { name: 'Upload' }).click()]);
        const landed = new URL(tab.url());
        expect(landed.searchParams.get('bucket')).toBe(BUCKET);
        expect(landed.searchParams.get('key')).toBe('from-form/photo.txt');
        await expect(tab.getByRole('heading', { name: 'Uploaded' }).isVisible()).resolves.toBe(true);
        const stored = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'from-form/photo.txt' }));
        expect(await stored.Body!.transformToString()).toBe('sent by a form');

        // The page's own script: only a matching CORS rule lets it read S3's answer.
        const answer = await tab.evaluate(
          async ({ url, fields }) => {
            const body = new FormData();
            for (const [name, value] of Object.entries(fields)) body.append(name, value);
            body.append('file', new Blob(['sent by fetch'], { type: 'text/plain' }), 'note.txt');
            const res = await fetch(url, { method: 'POST', body });
            return { status: res.status, text: await res.text() };
          },
          { url: viaFetch.url, fields: viaFetch.fields },
        );
        expect(answer.status).toBe(201);
        expect(answer.text).toContain('<Key>from-fetch/note.txt</Key>');
        const fetched = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'from-fetch/note.txt' }));
        expect(fetched.ContentType).toBe('text/plain');
        expect(await fetched.Body!.transformToString()).toBe('sent by fetch');
      } finally {
        await context.close();
      }
    },
    BUSY_MACHINE_MS * 2,
  );
});
