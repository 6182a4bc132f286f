import { ZodError } from 'zod';
import type { ApiError } from '../../preload/contract/errors.js';
import { AwsProfileError } from '../services/credentials/aws-profiles.js';
import { InvalidConnectionInput } from '../services/credentials/providers.js';
import { ConnectionUnavailable } from '../services/s3/client-registry.js';
import { explainError } from '../services/s3/explain-error.js';
import { OperationError } from '../services/s3/object-ops.js';

/** A call this transport does not serve (the other side does it itself). */
export class UnsupportedError extends Error {}

/** Maps anything a handler throws to the contract's `{ code, message }`. */
export function toApiError(err: unknown, where?: string): ApiError {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return {
      code: 'invalid-input',
      message: `Invalid request${issue ? ` (${issue.path.join('.') || 'arguments'}: ${issue.message})` : ''}.`,
    };
  }
  if (err instanceof AwsProfileError) return { code: err.code === 'not-found' ? 'not-found' : 'unsupported', message: err.message };
  if (err instanceof UnsupportedError) return { code: 'unsupported', message: err.message };
  if (err instanceof InvalidConnectionInput || err instanceof RangeError) return { code: 'invalid-input', message: err.message };
  if (err instanceof ConnectionUnavailable || err instanceof OperationError) return { code: err.code, message: err.message };
  return explainError(err, where);
}
