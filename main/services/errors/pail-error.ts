import type { ApiErrorCode } from '../../../preload/contract/errors.js';

/**
 * The one error the domain throws on purpose: `code` is the contract's error code, `message` a
 * sentence the person can act on. The handler table passes it through unchanged; anything else that
 * reaches it is either a storage/network failure it explains, or a bug (an internal error, logged).
 */
export class PailError extends Error {
  override readonly name = 'PailError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for a PailError with the given code (or any PailError when no code is given). */
export function isPailError(err: unknown, code?: ApiErrorCode): err is PailError {
  return err instanceof PailError && (code === undefined || err.code === code);
}
