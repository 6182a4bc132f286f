import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toApiError } from '../../main/api/to-api-error.js';
import { PailError } from '../../main/services/errors/pail-error.js';

describe('errors crossing to the renderer mean what they say', () => {
  it('a PailError keeps its code and message', () => {
    expect(toApiError(new PailError('already-exists', '"a.txt" already exists.'))).toEqual({
      code: 'already-exists',
      message: '"a.txt" already exists.',
    });
  });

  it('bad arguments are invalid input, naming the field', () => {
    const err = (() => {
      try {
        z.object({ port: z.number() }).parse({ port: 'x' });
      } catch (e) {
        return e;
      }
    })();
    expect(toApiError(err)).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('port') });
  });

  it('a built-in RangeError or TypeError is an internal error with a log line, not the person’s fault', () => {
    const lines: string[] = [];
    const overflow = new RangeError('Maximum call stack size exceeded');
    expect(toApiError(overflow, undefined, (l) => lines.push(l))).toMatchObject({ code: 'internal' });
    expect(toApiError(new TypeError('x is undefined'), undefined, (l) => lines.push(l)).code).toBe('internal');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('Maximum call stack size exceeded');
    expect(lines[0]).toContain('at '); // the stack
  });

  it('a local file error says what happened to which file', async () => {
    const missing = join(tmpdir(), `pail-missing-${process.pid}`, 'x.bin');
    const err = await open(missing, 'r').catch((e: unknown) => e);
    expect(toApiError(err)).toEqual({ code: 'not-found', message: expect.stringContaining(missing) });
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    expect(toApiError(full)).toMatchObject({ code: 'internal', message: expect.stringMatching(/disk is full/) });
  });

  it('an S3 service error is explained by its S3 code', () => {
    const err = Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(toApiError(err, 'the bucket').code).toBe('access-denied');
  });
});
