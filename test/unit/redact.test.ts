import { describe, expect, it } from 'vitest';
import { redact } from '../../main/services/logging/redact.js';

const SIG = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';

describe('redact() keeps bearer secrets out of logs', () => {
  it('redacts SigV4 and SigV2 presigned parameters, keeping the rest', () => {
    const v4 = `/b/k.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60&X-Amz-Security-Token=FQoG&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIG}`;
    const out = redact(v4);
    expect(out).not.toContain(SIG);
    expect(out).not.toContain('AKIDEXAMPLE');
    expect(out).not.toContain('FQoG');
    expect(out).toContain('X-Amz-Expires=60');
    expect(out).toContain('X-Amz-SignedHeaders=host');
    const v2 = redact('/b/k?AWSAccessKeyId=AKIDEXAMPLE&Expires=1700000000&Signature=abc%2Bdef%3D');
    expect(v2).toBe('/b/k?AWSAccessKeyId=REDACTED&Expires=1700000000&Signature=REDACTED');
  });

  it('redacts parameter names that are percent-encoded or in another case', () => {
    const out = redact(`/b/k?X-Amz-Signatur%65=${SIG}&AWSAccessKeyI%64=AKIDEXAMPLE&x-amz-credential=AKIDX%2F1&%53ignature=zz`);
    expect(out).not.toContain(SIG);
    expect(out).not.toContain('AKIDEXAMPLE');
    expect(out).not.toContain('AKIDX');
    expect(out).not.toMatch(/=zz/);
  });

  it('redacts an Authorization header and URLs inside free text', () => {
    const header = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIG}`;
    const out = redact(header);
    expect(out).not.toContain(SIG);
    expect(out).not.toContain('AKIDEXAMPLE');
    const message = redact(`GET failed for http://127.0.0.1:9000/b/k?X-Amz-Signature=${SIG} (403)`);
    expect(message).toBe('GET failed for http://127.0.0.1:9000/b/k?X-Amz-Signature=REDACTED (403)');
  });
});
