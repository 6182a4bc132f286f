import type { ApiError } from '../../../preload/contract/errors.js';

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused — is the server running, and is the port right?',
  ENOTFOUND: 'the host name could not be found — check the endpoint for typos.',
  EAI_AGAIN: 'the host name could not be looked up right now — check your network connection.',
  ETIMEDOUT: 'it did not answer in time — check the endpoint and your network.',
  ECONNRESET: 'the connection was cut off — check the endpoint and any proxy or firewall.',
  EHOSTUNREACH: 'the host is unreachable from this network.',
  ENETUNREACH: 'the network is unreachable — are you online?',
};

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'CERT_NOT_YET_VALID',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  Code?: string;
}

/** The HTTP status of a service's answer carried by an SDK error (or one shaped like it), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as SdkLikeError | undefined)?.$metadata?.httpStatusCode;
}

/** Digs the Node error code out of an SDK error (it may sit on the error or its cause). */
function nodeCode(err: SdkLikeError): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as SdkLikeError).code;
    if (typeof code === 'string') return code;
    current = (current as SdkLikeError).cause;
  }
  return undefined;
}

/**
 * True for what a storage service or the network raises: an SDK service error (it carries
 * `$metadata`), a network or TLS failure, a timeout or an abort. Anything else thrown inside Pail
 * is a bug, not the service's answer.
 */
export function isServiceError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const err = error as SdkLikeError & { $fault?: unknown };
  if (err.$metadata !== undefined || err.$fault !== undefined) return true;
  const name = err.Code ?? err.name ?? '';
  if (name === 'AbortError' || name === 'TimeoutError') return true;
  const code = nodeCode(err);
  return (
    code !== undefined &&
    (code === 'ABORT_ERR' || TLS_CODES.has(code) || code in NETWORK_CODES || code === 'EPIPE' || code === 'ECONNABORTED')
  );
}

/**
 * Turns an S3 or network failure into the contract's error, in words a person can act on.
 * `where` names the endpoint or bucket for the message.
 */
export function explainError(error: unknown, where = 'the server'): ApiError {
  const err = (error ?? {}) as SdkLikeError;
  const name = err.Code ?? err.name ?? '';
  const code = nodeCode(err);
  if (name === 'AbortError' || code === 'ABORT_ERR') return { code: 'cancelled', message: 'Cancelled.' };
  if (code && TLS_CODES.has(code)) {
    return {
      code: 'tls',
      message: `A secure (TLS) connection to ${where} failed (${code}). If the server uses http://, change the endpoint to http://; if it uses a self-signed certificate, install it in your system's trust store.`,
    };
  }
  if (code && NETWORK_CODES[code]) return { code: 'unreachable', message: `Could not reach ${where}: ${NETWORK_CODES[code]}` };
  switch (name) {
    case 'InvalidAccessKeyId':
      return {
        code: 'unknown-access-key',
        message:
          'This access key ID is not known to the service. Check that it was copied completely and that the connection points at the right provider and region.',
      };
    case 'SignatureDoesNotMatch':
      return {
        code: 'wrong-secret',
        message: 'The secret access key is wrong for this access key ID. Paste the secret again — it is easy to miss a character.',
      };
    case 'RequestTimeTooSkewed':
      return {
        code: 'clock-skew',
        message:
          "Your computer's clock differs from the server's by more than 15 minutes. Set the date and time automatically, then try again.",
      };
    case 'AccessDenied':
    case 'AllAccessDisabled':
      return {
        code: 'access-denied',
        message: `These credentials are not allowed to do that on ${where}. Ask the account owner for permission (for example s3:ListAllMyBuckets to list buckets).`,
      };
    case 'NoSuchBucket':
      return { code: 'not-found', message: `The bucket does not exist (any more) on ${where}.` };
    case 'NoSuchKey':
    case 'NotFound':
      return { code: 'not-found', message: 'The object does not exist (any more). Refresh the list.' };
    case 'BucketAlreadyOwnedByYou':
      return { code: 'already-exists', message: 'You already have a bucket with that name.' };
    case 'BucketAlreadyExists':
      return { code: 'already-exists', message: 'That bucket name is taken by someone else; bucket names are global. Choose another.' };
    case 'BucketNotEmpty':
      return { code: 'not-empty', message: 'The bucket is not empty. Delete its objects first.' };
    case 'InvalidBucketName':
      return {
        code: 'invalid-input',
        message:
          'Bucket names are 3–63 characters: lowercase letters, numbers, dots and hyphens, starting and ending with a letter or number.',
      };
    case 'TimeoutError':
      return { code: 'unreachable', message: `Could not reach ${where}: it did not answer in time.` };
  }
  const status = err.$metadata?.httpStatusCode;
  if (status === 403) return { code: 'access-denied', message: `${where} refused the request (403). Check the credentials' permissions.` };
  if (status === 404) return { code: 'not-found', message: 'Not found. Refresh the list.' };
  const detail =
    err.message && err.message !== 'UnknownError' ? err.message : `${name || 'Unknown error'}${status ? ` (HTTP ${status})` : ''}`;
  return { code: 'internal', message: `${where} answered with an error: ${detail}` };
}
