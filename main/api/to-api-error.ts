import { ZodError } from 'zod';
import type { ApiError } from '../../preload/contract/errors.js';
import { PailError } from '../services/errors/pail-error.js';
import { explainError, isServiceError } from '../services/s3/explain-error.js';

/** Where internal errors (bugs) are written: one line with the stack, never shown to the person as-is. */
export type ErrorLog = (line: string) => void;

const LOCAL_FILE_ERRORS: Record<string, (path: string) => ApiError> = {
  ENOSPC: (path) => ({ code: 'internal', message: `The disk is full${path}. Free some space, then try again.` }),
  EDQUOT: (path) => ({ code: 'internal', message: `Your disk quota is used up${path}. Free some space, then try again.` }),
  EACCES: (path) => ({ code: 'access-denied', message: `Pail is not allowed to use this file or folder${path}. Check its permissions.` }),
  EPERM: (path) => ({ code: 'access-denied', message: `Pail is not allowed to use this file or folder${path}. Check its permissions.` }),
  ENOENT: (path) => ({ code: 'not-found', message: `The file or folder does not exist (any more)${path}.` }),
  EROFS: (path) => ({ code: 'access-denied', message: `The disk is read-only${path}.` }),
};

/**
 * Maps anything a handler throws to the contract's `{ code, message }`: a PailError as it is,
 * invalid arguments as invalid input, storage and network failures in words a person can act on,
 * local file errors by their cause. Anything else is a bug: logged with its stack, and reported as
 * an internal error — never as the person's fault (a RangeError from a stack overflow is not "invalid input").
 */
export function toApiError(err: unknown, where?: string, log: ErrorLog = defaultLog): ApiError {
  if (err instanceof PailError) return { code: err.code, message: err.message };
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return {
      code: 'invalid-input',
      message: `Invalid request${issue ? ` (${issue.path.join('.') || 'arguments'}: ${issue.message})` : ''}.`,
    };
  }
  const fileError = localFileError(err);
  if (fileError) return fileError;
  if (isServiceError(err)) return explainError(err, where);
  log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { code: 'internal', message: 'Something went wrong inside Pail. Try again; if it keeps happening, the log has the details.' };
}

/** A Node file-system error (it carries a `syscall` and usually a `path`), explained by its code. */
function localFileError(err: unknown): ApiError | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (
    !e ||
    typeof e.code !== 'string' ||
    typeof e.syscall !== 'string' ||
    !e.syscall.match(
      /^(open|read|write|mkdir|rename|unlink|stat|lstat|scandir|rmdir|rm|copyfile|fsync|fdatasync|ftruncate|close|access|utime|chmod)/,
    )
  ) {
    return undefined;
  }
  const explain = LOCAL_FILE_ERRORS[e.code];
  return explain?.(e.path ? ` (${e.path})` : '');
}

function defaultLog(line: string): void {
  console.error(`[pail] ${line}`);
}
