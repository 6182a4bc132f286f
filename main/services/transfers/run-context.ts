import type { S3Sender } from '../s3/deferred-client.js';
import type { TransferRecord } from './records.js';
import type { RetryPolicy } from './retry.js';

/** What a running transfer gets from the engine. */
export interface RunContext {
  readonly rec: TransferRecord;
  readonly client: S3Sender;
  /** Aborts on pause and cancel: in-flight requests stop sending bytes at once. */
  readonly signal: AbortSignal;
  readonly partsPerFile: number;
  /** The preferred part size (tests use small ones); files still fit in 10,000 parts. */
  readonly partSize: number;
  readonly retry: RetryPolicy;
  /** Small downloads are written with blocking calls (see TransferEngineOptions.blockingSmallWrites). */
  readonly blockingSmallWrites?: boolean;
  /** Bytes moved (negative: bytes of a failed attempt that will be sent again). */
  progress(delta: number): void;
  /** Changes the record and journals the change; resolves once it is durable. */
  persist(patch: Partial<TransferRecord>): Promise<void>;
}

/** Runs `worker` over `items` with at most `limit` at once; the first failure stops the others taking more. */
export async function runPool<T>(items: T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const errors: unknown[] = [];
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await worker(item);
      } catch (err) {
        failed = true;
        errors.push(err);
      }
    }
  });
  await Promise.all(lanes);
  if (errors.length) throw errors[0];
}
