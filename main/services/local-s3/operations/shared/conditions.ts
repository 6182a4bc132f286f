import { S3Error } from '../../s3-error.js';
import type { ObjectRecord } from '../../store/object-store.js';

/** The four conditional headers, as a request (or a copy source) carries them. */
export interface Conditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  ifUnmodifiedSince?: string | undefined;
}

function etagMatches(list: string, etag: string): boolean {
  return list.split(',').some((candidate) => {
    const c = candidate.trim().replace(/^W\//, '');
    return c === '*' || c.replace(/^"|"$/g, '') === etag;
  });
}

/** Second precision, as HTTP dates have; an unparseable date is ignored as RFC 7232 says. */
function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Evaluates conditional headers in RFC 7232 order (If-Match, else If-Unmodified-Since; then
 * If-None-Match, else If-Modified-Since). `notModified` is the error for a failed
 * If-None-Match/If-Modified-Since: 304 for GET/HEAD, 412 for copies.
 */
export function checkConditions(record: ObjectRecord, c: Conditions, notModified: 'NotModified' | 'PreconditionFailed'): void {
  const lastModified = Math.floor(record.lastModified / 1000) * 1000;
  if (c.ifMatch !== undefined) {
    if (!etagMatches(c.ifMatch, record.etag)) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  } else {
    const since = parseHttpDate(c.ifUnmodifiedSince);
    if (since !== undefined && lastModified > since)
      throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Unmodified-Since' });
  }
  if (c.ifNoneMatch !== undefined) {
    if (etagMatches(c.ifNoneMatch, record.etag))
      throw new S3Error(notModified, undefined, notModified === 'PreconditionFailed' ? { Condition: 'If-None-Match' } : {});
  } else {
    const since = parseHttpDate(c.ifModifiedSince);
    // On GET/HEAD a date later than the server's clock is invalid (RFC 2616 §14.25): the
    // condition is ignored. Copy-source conditions keep comparing the date as given.
    const future = since !== undefined && notModified === 'NotModified' && since > Date.now();
    if (since !== undefined && !future && lastModified <= since)
      throw new S3Error(notModified, undefined, notModified === 'PreconditionFailed' ? { Condition: 'If-Modified-Since' } : {});
  }
}
