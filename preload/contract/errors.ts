/**
 * Errors cross the process boundary as data. `code` is for code to branch on; `message` is a
 * sentence a person can act on.
 */
export type ApiErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'already-exists'
  | 'not-empty'
  | 'unreachable'
  | 'tls'
  | 'unknown-access-key'
  | 'wrong-secret'
  | 'clock-skew'
  | 'access-denied'
  | 'cancelled'
  | 'keychain-unavailable'
  | 'unsupported'
  | 'internal';

/** An error as the renderer receives it. */
export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

/** Every call answers with a value or an error, never a thrown exception across the boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
