import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';
import { cleanEnv, describeFailure, describeWithTools, run, tempDir, TOOLS, uniqueBucket } from './tools.js';

const SCRIPT = fileURLToPath(new URL('./scripts/boto3_post_object.py', import.meta.url));

describeWithTools('boto3 generate_presigned_post against the local bucket', [TOOLS.python3], () => {
  let s3: TestServer;
  let work: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    s3 = await startTestServer();
    work = await tempDir('pail-boto3-post-');
  });
  afterAll(async () => {
    await s3?.stop();
    await work?.remove();
  });

  it('Debian boto3: SigV4 and SigV2 forms upload with urllib; 201 PostResponse; content-length-range enforced', async () => {
    const env = cleanEnv(work.path, {
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_CONFIG_FILE: join(work.path, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work.path, 'no-credentials'),
    });
    const result = await run(TOOLS.python3.path, [SCRIPT, s3.server.endpoint, uniqueBucket('boto3-post')], { env, cwd: work.path });
    if (result.code !== 0) throw new Error(describeFailure(result));
    const report = JSON.parse(result.stdout) as Record<'v4' | 'v2', Record<string, unknown>>;
    const common = {
      status: 201,
      hasPostResponse: true,
      etagInBody: true,
      bodyEqual: true,
      contentType: 'text/plain',
      tooLargeStatus: 400,
      tooLargeCode: true,
    };
    // The field names prove which signature each form carries.
    expect(report.v4).toEqual({
      ...common,
      fieldNames: [
        'content-type',
        'key',
        'policy',
        'success_action_status',
        'x-amz-algorithm',
        'x-amz-credential',
        'x-amz-date',
        'x-amz-meta-variant',
        'x-amz-signature',
      ],
      metadata: { variant: 'v4' },
      keys: ['forms/v4/note.txt'],
    });
    expect(report.v2).toEqual({
      ...common,
      fieldNames: ['awsaccesskeyid', 'content-type', 'key', 'policy', 'signature', 'success_action_status', 'x-amz-meta-variant'],
      metadata: { variant: 'v2' },
      keys: ['forms/v2/note.txt'],
    });
  });
});
