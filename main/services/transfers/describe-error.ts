import type { ApiError } from '../../../preload/contract/errors.js';
import { PailError } from '../errors/pail-error.js';
import { explainError, isServiceError } from '../s3/explain-error.js';

const LOCAL: Record<string, (path: string) => ApiError> = {
  ENOSPC: (p) => ({ code: 'internal', message: `The disk is full${p}. Free some space, then retry.` }),
  EDQUOT: (p) => ({ code: 'internal', message: `Your disk quota is used up${p}. Free some space, then retry.` }),
  EACCES: (p) => ({ code: 'access-denied', message: `Pail is not allowed to use this file or folder${p}. Check its permissions.` }),
  EPERM: (p) => ({ code: 'access-denied', message: `Pail is not allowed to use this file or folder${p}. Check its permissions.` }),
  ENOENT: (p) => ({ code: 'not-found', message: `The file or folder does not exist (any more)${p}.` }),
  EISDIR: (p) => ({ code: 'invalid-input', message: `A folder is in the way${p}.` }),
  EROFS: (p) => ({ code: 'access-denied', message: `The disk is read-only${p}.` }),
};

/** Why a transfer failed, in words a person can act on (a transfer's row shows it as it is). */
export function describeError(err: unknown): ApiError {
  if (err instanceof PailError) return { code: err.code, message: err.message };
  const e = err as NodeJS.ErrnoException | undefined;
  if (e && typeof e.code === 'string' && LOCAL[e.code] && typeof e.syscall === 'string')
    return LOCAL[e.code]!(e.path ? ` (${e.path})` : '');
  if (isServiceError(err)) return explainError(err);
  return { code: 'internal', message: (err as Error)?.message ?? String(err) };
}
