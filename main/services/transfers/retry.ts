import { PailError } from '../errors/pail-error.js';

/** How hard to retry a request that failed for a reason that may pass. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first wait; each next one doubles (with jitter), up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8_000 };

/**
 * For the single requests a person waits on before anything moves (a listing page, a HEAD): as the
 * SDK's standard strategy would, three attempts with short waits.
 */
export const QUICK_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

const RETRYABLE_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeTooSkewed',
]);
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/**
 * True when trying again may succeed: 5xx, throttling (429, SlowDown), timeouts and network
 * failures (a connection cut mid-body included). Never for 4xx answers such as a wrong key or a
 * denied permission: those fail fast with their reason.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PailError) return false;
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const err = current as ErrorShape;
    const status = err.$metadata?.httpStatusCode;
    if (status !== undefined) {
      if (status >= 500 || status === 429 || status === 408) return true;
      if (status >= 400) return RETRYABLE_NAMES.has(err.name ?? err.Code ?? '');
    }
    if (RETRYABLE_NAMES.has(err.name ?? '') || RETRYABLE_NAMES.has(err.Code ?? '')) return true;
    if (typeof err.code === 'string' && RETRYABLE_CODES.has(err.code)) return true;
    if (err.$retryable) return true;
    // The SDK reports a body cut short by the network as a plain Error with these words.
    if (/socket hang up|aborted|premature close|ECONNRESET|EPIPE/i.test(err.message ?? '') && err.name !== 'AbortError') return true;
    current = err.cause;
  }
  return false;
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, it fails for a reason that will not pass, the attempts are used
 * up, or `signal` (when there is one) aborts: then nothing is retried.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  signal: AbortSignal | undefined,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (signal?.aborted || n >= policy.attempts || !isRetryable(err)) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
      await delay(backoff / 2 + Math.random() * (backoff / 2), signal);
    }
  }
}
