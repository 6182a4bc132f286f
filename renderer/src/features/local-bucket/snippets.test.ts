import { describe, expect, it } from 'vitest';
import type { LocalBucketKeyPair, LocalBucketStatus } from '../../../../preload/contract';
import { awsCliSnippet, environmentSnippet, localEndpoint, shellQuote } from './snippets';

const status: LocalBucketStatus = {
  state: 'running',
  endpoint: 'http://127.0.0.1:9555',
  port: 9555,
  dataDir: '/data',
  accessKeyId: 'PAILLOCAL',
};
const keys: LocalBucketKeyPair = { accessKeyId: 'PAILLOCAL', secretAccessKey: 'abc/def+ghi' };

describe('local bucket snippets', () => {
  it('writes an aws CLI snippet', () => {
    expect(awsCliSnippet(status, keys)).toBe(
      'export AWS_ACCESS_KEY_ID=PAILLOCAL AWS_SECRET_ACCESS_KEY=abc/def+ghi AWS_DEFAULT_REGION=us-east-1\n' +
        'aws --endpoint-url http://127.0.0.1:9555 s3 ls',
    );
  });

  it('writes environment variables with the endpoint', () => {
    expect(environmentSnippet(status, keys)).toContain('export AWS_ENDPOINT_URL=http://127.0.0.1:9555');
    expect(environmentSnippet(status, keys).split('\n')).toHaveLength(4);
  });

  it('quotes only what a shell would split or expand', () => {
    expect(shellQuote('plain/Value+1=')).toBe('plain/Value+1=');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });

  it('knows the endpoint of a stopped bucket from its port', () => {
    expect(localEndpoint({ ...status, state: 'stopped', endpoint: undefined })).toBe('http://127.0.0.1:9555');
  });
});
