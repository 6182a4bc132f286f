import type { S3Client } from '@aws-sdk/client-s3';
import type { UnfinishedUpload } from '../../../preload/contract/transfers.js';
import type { ClientSource } from './engine.js';
import type { TransferRecord } from './records.js';
import { abortUpload, storedParts } from './run-upload.js';
import type { OrphanUpload } from './transfer-journal.js';
import { loadS3Sdk } from '../s3/sdk.js';

/** Every multipart upload in a bucket that was never completed or aborted, with its parts and bytes. */
export async function listUnfinishedUploads(
  client: S3Client,
  bucket: string,
  isTracked: (uploadId: string) => boolean,
): Promise<UnfinishedUpload[]> {
  const { ListMultipartUploadsCommand } = await loadS3Sdk();
  const found: { key: string; uploadId: string; initiated: string }[] = [];
  let keyMarker: string | undefined;
  let idMarker: string | undefined;
  do {
    const page = await client.send(
      new ListMultipartUploadsCommand({
        Bucket: bucket,
        ...(keyMarker ? { KeyMarker: keyMarker } : {}),
        ...(idMarker ? { UploadIdMarker: idMarker } : {}),
      }),
    );
    for (const u of page.Uploads ?? [])
      if (u.Key && u.UploadId) found.push({ key: u.Key, uploadId: u.UploadId, initiated: (u.Initiated ?? new Date(0)).toISOString() });
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    idMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
  const out: UnfinishedUpload[] = [];
  for (let i = 0; i < found.length; i += 8) {
    out.push(
      ...(await Promise.all(
        found.slice(i, i + 8).map(async (u) => {
          const parts = await storedParts(client, bucket, u.key, u.uploadId).catch(() => undefined);
          let bytes = 0;
          for (const p of parts?.values() ?? []) bytes += p.size;
          return { ...u, parts: parts?.size ?? 0, bytes, tracked: isTracked(u.uploadId) };
        }),
      )),
    );
  }
  return out;
}

/**
 * At start: aborts the multipart uploads Pail created and no longer tracks — those whose abort
 * failed before, and those a crash left between CreateMultipartUpload and journaling its id
 * (found by key and start time).
 */
export async function sweepOrphans(job: {
  clients: ClientSource;
  orphans: OrphanUpload[];
  creating: TransferRecord[];
  onAborted: (uploadId: string) => Promise<void>;
  onCleared: (rec: TransferRecord) => Promise<void>;
}): Promise<void> {
  for (const o of job.orphans) {
    try {
      await abortUpload(await job.clients.client(o.connectionId), o.bucket, o.key, o.uploadId);
      await job.onAborted(o.uploadId);
    } catch {
      // Still unreachable: tried again next time.
    }
  }
  for (const rec of job.creating) {
    try {
      const { ListMultipartUploadsCommand } = await loadS3Sdk();
      const client = await job.clients.client(rec.target.connectionId);
      const since = Date.parse(rec.creatingAt!) - 5_000;
      const page = await client.send(new ListMultipartUploadsCommand({ Bucket: rec.target.bucket, Prefix: rec.target.key }));
      for (const u of page.Uploads ?? []) {
        if (u.Key === rec.target.key && u.UploadId && (u.Initiated?.getTime() ?? 0) >= since)
          await abortUpload(client, rec.target.bucket, u.Key, u.UploadId);
      }
      await job.onCleared(rec);
    } catch {
      // Tried again next time.
    }
  }
}
