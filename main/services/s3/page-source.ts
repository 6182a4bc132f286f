import { ListObjectsV2Command, type S3Client, type _Object, type CommonPrefix } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../local-s3/index.js';

/** One page of a delimited listing, in the SDK's shapes. */
export interface ListingPage {
  contents: _Object[];
  commonPrefixes: CommonPrefix[];
  /** Where the next page starts; undefined on the last page. */
  next: string | undefined;
}

/** Fetches page after page of one prefix (delimiter `/`). */
export type PageSource = (after: string | undefined, signal: AbortSignal) => Promise<ListingPage>;

const PAGE_SIZE = 1000;

/** Pages from any S3 endpoint, with ListObjectsV2. */
export function s3PageSource(client: S3Client, bucket: string, prefix: string): PageSource {
  return async (token, signal) => {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix || undefined,
        Delimiter: '/',
        MaxKeys: PAGE_SIZE,
        ContinuationToken: token,
      }),
      { abortSignal: signal },
    );
    return {
      contents: page.Contents ?? [],
      commonPrefixes: page.CommonPrefixes ?? [],
      next: page.IsTruncated ? page.NextContinuationToken : undefined,
    };
  };
}

/**
 * Pages straight from the embedded server's storage: the local bucket lives in this process, so
 * listing it needs no HTTP round trip and no XML — which is what keeps a 100,000-object prefix
 * fast. Same semantics as ListObjectsV2 (the server answers from this very function).
 */
export function storePageSource(store: ObjectStore, bucket: string, prefix: string): PageSource {
  return async (after) => {
    // Let other requests in (a cancel, the event stream's writes) between pages.
    await new Promise((resolve) => setImmediate(resolve));
    const b = store.bucket(bucket);
    if (!b) throw Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' });
    const page = b.list({ prefix, delimiter: '/', after: after ?? '', maxKeys: PAGE_SIZE });
    const contents: _Object[] = [];
    for (const key of page.keys) {
      const record = b.head(key);
      if (!record) continue;
      contents.push({
        Key: key,
        Size: record.size,
        LastModified: new Date(record.lastModified),
        ETag: `"${record.etag}"`,
        StorageClass: record.storageClass as _Object['StorageClass'],
      });
    }
    return { contents, commonPrefixes: page.commonPrefixes.map((Prefix) => ({ Prefix })), next: page.isTruncated ? page.last : undefined };
  };
}
