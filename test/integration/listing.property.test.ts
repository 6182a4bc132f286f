import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { delimiterArb, keySet, prefixFor, referenceListing, splitEntries, type ListingEntry } from '../support/listing-reference.js';

let t: TestServer;
let bucketNo = 0;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

/** A key set and a few listing requests over it (one bucket serves several queries). */
const scenario = keySet(30).chain((keys) =>
  fc.record({
    keys: fc.constant(keys),
    queries: fc.array(fc.record({ prefix: prefixFor(keys), delimiter: delimiterArb, maxKeys: fc.integer({ min: 1, max: 20 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
);

async function bucketWith(client: S3Client, keys: readonly string[]): Promise<string> {
  const bucket = `prop-${++bucketNo}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await Promise.all(keys.map((Key) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))));
  return bucket;
}

interface Page {
  keys: string[];
  prefixes: string[];
  truncated: boolean;
}

/** Checks the pages a client saw against the reference: each page full, in order, no repeats. */
function checkPages(pages: Page[], expected: ListingEntry[], maxKeys: number): void {
  let offset = 0;
  pages.forEach((page, i) => {
    const want = splitEntries(expected.slice(offset, offset + maxKeys));
    expect({ page: i, keys: page.keys, prefixes: page.prefixes }).toEqual({ page: i, keys: want.keys, prefixes: want.prefixes });
    offset += want.keys.length + want.prefixes.length;
    expect(page.truncated).toBe(offset < expected.length);
  });
  expect(offset).toBe(expected.length);
}

const TOO_MANY_PAGES = 100;

/** How botocore decodes encoding-type=url listings (the JS SDK leaves them encoded). */
const unquotePlus = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));

async function pagesV2(
  client: S3Client,
  Bucket: string,
  Prefix: string,
  Delimiter: string,
  MaxKeys: number,
  urlEncoded = false,
): Promise<Page[]> {
  const pages: Page[] = [];
  const decode = urlEncoded ? unquotePlus : (s: string) => s;
  let token: string | undefined;
  do {
    const res = await client.send(
      new ListObjectsV2Command({
        Bucket,
        Prefix,
        Delimiter,
        MaxKeys,
        ContinuationToken: token,
        ...(urlEncoded ? { EncodingType: 'url' } : {}),
      }),
    );
    const page = {
      keys: (res.Contents ?? []).map((c) => decode(c.Key!)),
      prefixes: (res.CommonPrefixes ?? []).map((p) => decode(p.Prefix!)),
      truncated: res.IsTruncated === true,
    };
    expect(decode(res.Prefix ?? '')).toBe(Prefix);
    expect(res.KeyCount).toBe(page.keys.length + page.prefixes.length);
    pages.push(page);
    token = page.truncated ? res.NextContinuationToken : undefined;
    if (page.truncated) expect(token).toBeTruthy();
  } while (token && pages.length < TOO_MANY_PAGES);
  return pages;
}

async function pagesV1(client: S3Client, Bucket: string, Prefix: string, Delimiter: string, MaxKeys: number): Promise<Page[]> {
  const pages: Page[] = [];
  let marker: string | undefined;
  do {
    const res = await client.send(new ListObjectsCommand({ Bucket, Prefix, Delimiter, MaxKeys, Marker: marker }));
    const page = {
      keys: (res.Contents ?? []).map((c) => c.Key!),
      prefixes: (res.CommonPrefixes ?? []).map((p) => p.Prefix!),
      truncated: res.IsTruncated === true,
    };
    pages.push(page);
    if (!page.truncated) break;
    // With a delimiter S3 sends NextMarker; without one, clients continue from the last key.
    if (Delimiter) {
      const last = [...page.keys, ...page.prefixes].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).at(-1);
      expect(res.NextMarker).toBe(last);
      marker = res.NextMarker;
    } else {
      expect(res.NextMarker).toBeUndefined();
      marker = page.keys.at(-1);
    }
  } while (marker !== undefined && pages.length < TOO_MANY_PAGES);
  return pages;
}

describe('listing through the server against a reference listing', () => {
  it('ListObjectsV2 with continuation tokens and ListObjects with markers page exactly like the reference', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ keys, queries }) => {
        const bucket = await bucketWith(t.client, keys);
        for (const { prefix, delimiter, maxKeys } of queries) {
          const expected = referenceListing(keys, prefix, delimiter);
          checkPages(await pagesV2(t.client, bucket, prefix, delimiter, maxKeys), expected, maxKeys);
          checkPages(await pagesV1(t.client, bucket, prefix, delimiter, maxKeys), expected, maxKeys);
          checkPages(await pagesV2(t.client, bucket, prefix, delimiter, maxKeys, true), expected, maxKeys);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('start-after through the server', () => {
  it('ListObjectsV2 StartAfter (any string, no delimiter) lists exactly the keys above it', async () => {
    const withAfter = keySet(30).chain((keys) =>
      fc.record({
        keys: fc.constant(keys),
        prefix: prefixFor(keys),
        afters: fc.array(fc.oneof(prefixFor(keys), keys.length ? fc.constantFrom(...keys) : fc.constant('')), {
          minLength: 1,
          maxLength: 4,
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(withAfter, async ({ keys, prefix, afters }) => {
        const bucket = await bucketWith(t.client, keys);
        for (const after of afters) {
          const res = await t.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, StartAfter: after || undefined }));
          const expected = referenceListing(keys, prefix, '')
            .map((e) => e.value)
            .filter((k) => Buffer.compare(Buffer.from(k), Buffer.from(after)) > 0);
          expect((res.Contents ?? []).map((c) => c.Key)).toEqual(expected);
          if (after) expect(res.StartAfter).toBe(after);
        }
      }),
      { numRuns: 25 },
    );
  });
});
