import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, it, type ExpectStatic } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';
import { cleanEnv, describeFailure, describeWithTools, otherPythons, run, runOk, tempDir, TOOLS, uniqueBucket } from './tools.js';

const SCRIPT = fileURLToPath(new URL('./scripts/boto3_scenarios.py', import.meta.url));

/** What scripts/boto3_scenarios.py prints. */
interface Report {
  boto3: string;
  simple: {
    bodyEqual: boolean;
    contentType: string;
    metadata: Record<string, string>;
    contentLength: number;
    etag: string;
    md5: string;
    range: string;
    contentRange: string;
  };
  checksum: { sha256: string; expected: string };
  listing: { pageCount: number; pageSizes: number[]; keys: string[]; v1Keys: string[]; v1Prefixes: string[] };
  multipart: { etag: string; expectedEtag: string; size: number; downloadEqual: boolean };
  presigned: Record<
    'default' | 'v4',
    {
      sigv4: boolean;
      sigv2: boolean;
      get: { status: number; bodyEqual: boolean };
      putStatus: number;
      putBody: string;
      putContentType: string;
      putMetadata: Record<string, string>;
    }
  >;
  copyEqual: boolean;
  cleanup: { versionIds: string[]; versionKeys: string[]; deleted: string[]; errors: unknown[]; remaining: number; bucketGone: boolean };
  payloadModes: string[];
  contentEncodings: string[];
  trailers: string[];
  checksumHeaders: string[];
}

const PAGE_KEYS = Array.from({ length: 23 }, (_, i) => `page/item-${String(i).padStart(3, '0')}`);
const ALL_KEYS = [
  'big/twelve.bin',
  'checksummed.bin',
  'copied.txt',
  'docs/héllo wörld ☃.txt',
  ...PAGE_KEYS,
  'presigned/default upload.txt',
  'presigned/v4 upload.txt',
].sort();

/** The assertions every boto3 variant must pass. */
function expectScenarios(expect: ExpectStatic, report: Report): void {
  // The script's body and checksummed object, hashed here: the server's answers are compared to
  // values computed independently of it and of the script.
  const bodyMd5 = createHash('md5').update('hello from boto3 ✓\n', 'utf8').digest('hex');
  expect(report.simple).toEqual({
    bodyEqual: true,
    contentType: 'text/plain; charset=utf-8',
    metadata: { color: 'blue', 'mixed-case': 'Yes' },
    contentLength: 21,
    etag: `"${bodyMd5}"`,
    md5: bodyMd5,
    range: 'from',
    contentRange: 'bytes 6-9/21',
  });
  const sha256 = createHash('sha256').update(Buffer.alloc(1000, 'x')).digest('base64');
  expect(report.checksum).toEqual({ sha256, expected: sha256 });
  expect(report.listing).toEqual({
    pageCount: 5,
    pageSizes: [5, 5, 5, 5, 3],
    keys: PAGE_KEYS,
    v1Keys: ['checksummed.bin'],
    v1Prefixes: ['docs/', 'page/'],
  });
  // The data is random: the script hashes what it uploaded, the server reports what it stored.
  expect(report.multipart.expectedEtag).toMatch(/^"[0-9a-f]{32}-3"$/);
  expect(report.multipart.etag).toBe(report.multipart.expectedEtag);
  expect(report.multipart.size).toBe(12 * 1024 * 1024);
  expect(report.multipart.downloadEqual).toBe(true);
  for (const variant of ['default', 'v4'] as const) {
    // The default presigner's signature version depends on the boto3 release; the URL is one or the other.
    const { sigv4, sigv2 } = report.presigned[variant];
    expect(sigv4 !== sigv2, `${variant} URL: SigV4 ${sigv4}, SigV2 ${sigv2}`).toBe(true);
    if (variant === 'v4') expect(sigv4).toBe(true);
    expect(report.presigned[variant]).toEqual({
      sigv4,
      sigv2,
      get: { status: 200, bodyEqual: true },
      putStatus: 200,
      putBody: `uploaded with a ${variant} presigned PUT`,
      putContentType: 'text/plain',
      putMetadata: { origin: variant },
    });
  }
  expect(report.copyEqual).toBe(true);
  // Suites clean up by deleting every listed version by id: the unversioned "null" one.
  expect(report.cleanup).toEqual({
    versionIds: ['null'],
    versionKeys: ALL_KEYS,
    deleted: ALL_KEYS,
    errors: [],
    remaining: 0,
    bucketGone: true,
  });
}

/** A TLS front for the plain-http server: boto3 sends checksum trailers only over https. */
async function startTlsProxy(
  certDir: string,
  upstreamPort: number,
  env: NodeJS.ProcessEnv,
): Promise<{ endpoint: string; ca: string; close(): Promise<void> }> {
  const key = join(certDir, 'key.pem');
  const cert = join(certDir, 'cert.pem');
  await runOk(
    '/usr/bin/openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { env },
  );
  const server: TlsServer = createTlsServer({ key: await readFile(key), cert: await readFile(cert) }, (socket) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca: cert,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Other interpreters (pyenv, venv) with their own, usually newer, boto3: an optional variant.
const newer: { python: string; version: string }[] = [];
for (const python of await otherPythons()) {
  const probe = await run(python, ['-c', 'import boto3; print(boto3.__version__)'], {
    env: cleanEnv(process.env.TMPDIR ?? '/tmp'),
    timeoutMs: 30_000,
  });
  if (probe.code === 0) newer.push({ python, version: probe.stdout.trim() });
}
const hasOpenssl = (await run('/usr/bin/openssl', ['version'], { env: cleanEnv('/tmp') }).catch(() => undefined))?.code === 0;

describeWithTools(
  'boto3 against the local bucket',
  [TOOLS.python3],
  () => {
    let s3: TestServer;
    let work: Awaited<ReturnType<typeof tempDir>>;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      s3 = await startTestServer();
      work = await tempDir('pail-boto3-');
      env = cleanEnv(work.path, {
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_CONFIG_FILE: join(work.path, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(work.path, 'no-credentials'),
      });
    });

    afterAll(async () => {
      await s3?.stop();
      await work?.remove();
    });

    async function scenarios(python: string, endpoint: string, ca?: string): Promise<Report> {
      const dir = await mkdtemp(join(work.path, 'run-'));
      const result = await run(python, [SCRIPT, endpoint, uniqueBucket('boto3'), dir, ...(ca ? [ca] : [])], {
        env,
        cwd: dir,
        timeoutMs: 90_000,
      });
      if (result.code !== 0) throw new Error(describeFailure(result));
      return JSON.parse(result.stdout) as Report;
    }

    it('Debian boto3 (python3-boto3): objects, paginated listings, multipart, presigned URLs, version-id cleanup', async ({ expect }) => {
      const report = await scenarios(TOOLS.python3.path, s3.server.endpoint);
      expectScenarios(expect, report);
      expect(report.payloadModes).toEqual(['signed-payload']);
    });

    if (newer.length === 0) {
      // CI installs a current boto3 in .ci/venv (see .ci/run); elsewhere the variant is optional.
      if (process.env.CI)
        it('has a current boto3 from a non-Debian python3 on PATH', () => {
          throw new Error(
            "No python3 on PATH other than Debian's can import boto3: .ci/run installs one with `python3 -m venv --copies .ci/venv`.",
          );
        });
      else it.skip('newer boto3 from a non-Debian python3 [skipped: no other python3 on PATH can import boto3]', () => {});
    }
    for (const { python, version } of newer) {
      it(`boto3 ${version} (${python}) over http: default CRC32 checksum headers verified`, async ({ expect }) => {
        const report = await scenarios(python, s3.server.endpoint);
        expectScenarios(expect, report);
        expect(report.boto3).toBe(version);
        // boto3 >= 1.36 adds a CRC32 to every upload by default; over http it goes in a header.
        if (Number(version.split('.')[1]) >= 36) expect(report.checksumHeaders).toContain('x-amz-checksum-crc32');
      });

      // Without openssl the https variant cannot run: skipped locally, a failure in CI.
      const tlsTest = hasOpenssl || process.env.CI ? it : it.skip;
      tlsTest(
        `boto3 ${version} (${python}) over https: STREAMING-UNSIGNED-PAYLOAD-TRAILER with CRC32 trailers${hasOpenssl ? '' : ' [skipped: /usr/bin/openssl not found]'}`,
        async ({ expect }) => {
          if (!hasOpenssl) throw new Error('/usr/bin/openssl not found: install it with `apt-get install openssl`');
          const proxy = await startTlsProxy(await mkdtemp(join(work.path, 'tls-')), s3.server.port, env);
          try {
            const report = await scenarios(python, proxy.endpoint, proxy.ca);
            expectScenarios(expect, report);
            if (Number(version.split('.')[1]) >= 36) {
              expect(report.payloadModes).toContain('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
              expect(report.trailers).toContain('x-amz-checksum-crc32');
              expect(report.contentEncodings).toContain('aws-chunked');
            }
          } finally {
            await proxy.close();
          }
        },
      );
    }
  },
  { concurrent: true },
);
