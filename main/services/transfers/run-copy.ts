import type { Readable } from 'node:stream';
import { sdkClientOf, type S3Sender } from '../s3/deferred-client.js';
import { choosePartSize } from './part-size.js';
import { withRetry } from './retry.js';
import type { RunContext } from './run-context.js';
import { counter } from './run-upload.js';
import { loadS3Sdk } from '../s3/sdk.js';

/**
 * Copies one object. Within one connection the server copies it (CopyObject, UploadPartCopy above
 * 5 GiB): no byte passes through Pail. Between connections the bytes stream from one to the other
 * through lib-storage's Upload — a stream has nothing to resume, so a retry starts the object over.
 * A move deletes the source once the copy is complete.
 */
export async function copyTransfer(ctx: RunContext, sourceSender: S3Sender): Promise<void> {
  // Loaded here, not at start-up: a command-line run that copies nothing never loads the SDK.
  const [{ DeleteObjectCommand, GetObjectCommand }, { Upload }, { copyObject }] = await Promise.all([
    loadS3Sdk(),
    import('@aws-sdk/lib-storage'),
    import('../s3/object-ops.js'),
  ]);
  const { rec, signal } = ctx;
  const client = await sdkClientOf(ctx.client);
  const sourceClient = await sdkClientOf(sourceSender);
  const source = rec.source!;
  const sameConnection = source.connectionId === rec.target.connectionId;
  if (sameConnection) {
    await withRetry(
      async () => {
        let copied = 0;
        try {
          await copyObject(client, source.bucket, source.key, rec.target.key, {
            toBucket: rec.target.bucket,
            signal,
            onPart: (n) => {
              copied += n;
              ctx.progress(n);
            },
          });
        } catch (err) {
          ctx.progress(-copied);
          throw err;
        }
      },
      signal,
      ctx.retry,
    );
  } else {
    await withRetry(
      async () => {
        let sent = 0;
        const res = await sourceClient.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }), { abortSignal: signal });
        const size = res.ContentLength ?? -1;
        if (size >= 0 && rec.size !== size) await ctx.persist({ size });
        const body = (res.Body as Readable).pipe(
          counter((n) => {
            sent += n;
            ctx.progress(n);
          }),
        );
        const upload = new Upload({
          client,
          params: { Bucket: rec.target.bucket, Key: rec.target.key, Body: body, ContentType: res.ContentType, Metadata: res.Metadata },
          queueSize: ctx.partsPerFile,
          partSize: choosePartSize(Math.max(size, 0), Math.max(ctx.partSize, 5 * 1024 * 1024)),
          leavePartsOnError: false,
        });
        const onAbort = () => void upload.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          await upload.done();
        } catch (err) {
          (res.Body as Readable).destroy();
          ctx.progress(-sent);
          throw err;
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
      },
      signal,
      ctx.retry,
    );
  }
  if (rec.deleteSource) {
    await withRetry(() => sourceClient.send(new DeleteObjectCommand({ Bucket: source.bucket, Key: source.key })), signal, ctx.retry);
  }
}
