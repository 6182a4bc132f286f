import type { S3Client } from '@aws-sdk/client-s3';
import type { ListingPageEvent, ListingSummary, ObjectEntry } from '../../../preload/contract/types.js';
import { toEntries } from './entries.js';
import type { PageSource } from './page-source.js';
import { loadS3Sdk } from './sdk.js';

/** Where a listing comes from and whom it tells. */
export interface ListingJob {
  listingId: string;
  source: PageSource;
  prefix: string;
  signal: AbortSignal;
  onPage(event: ListingPageEvent): void;
}

/**
 * Lists one prefix (delimiter `/`) page by page, 1,000 keys each, reporting every page as it
 * arrives so the list fills and the count runs while a huge prefix is still loading.
 */
export async function runListing(job: ListingJob): Promise<ListingSummary> {
  let token: string | undefined;
  let loaded = 0;
  do {
    if (job.signal.aborted) return { listingId: job.listingId, count: loaded, cancelled: true };
    let page;
    try {
      page = await job.source(token, job.signal);
    } catch (err) {
      if (job.signal.aborted) return { listingId: job.listingId, count: loaded, cancelled: true };
      throw err;
    }
    const entries = toEntries(job.prefix, page.contents, page.commonPrefixes);
    loaded += entries.length;
    token = page.next;
    job.onPage({ listingId: job.listingId, entries, loaded, done: !token });
  } while (token);
  return { listingId: job.listingId, count: loaded, cancelled: false };
}

/** All sub-folders of a prefix (for the tree), following every page of the same source the list uses. */
export async function listFolders(
  source: PageSource,
  prefix: string,
  signal: AbortSignal = new AbortController().signal,
): Promise<ObjectEntry[]> {
  const folders: ObjectEntry[] = [];
  let token: string | undefined;
  do {
    const page = await source(token, signal);
    folders.push(...toEntries(prefix, undefined, page.commonPrefixes));
    token = page.next;
  } while (token);
  return folders;
}

/** Every key under a prefix (no delimiter), page by page. */
export async function* keysUnder(
  client: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): AsyncGenerator<{ key: string; size: number }[]> {
  const { ListObjectsV2Command } = await loadS3Sdk();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      signal ? { abortSignal: signal } : {},
    );
    yield (page.Contents ?? []).filter((o) => o.Key !== undefined).map((o) => ({ key: o.Key!, size: o.Size ?? 0 }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
