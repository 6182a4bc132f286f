import { Worker } from 'node:worker_threads';

/** Algorithms the worker computes: native ones only (node:crypto), so its code needs no module of ours. */
export type OffloadedAlgorithm = 'md5' | 'sha256' | 'sha1';

// Plain CommonJS evaluated in the worker: no file to ship or bundle beside the app.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const jobs = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'start') jobs.set(m.id, m.algorithms.map((a) => createHash(a)));
  else if (m.type === 'data') {
    const hashes = jobs.get(m.id);
    const chunk = Buffer.from(m.buffer, m.offset, m.length);
    for (const h of hashes) h.update(chunk);
    parentPort.postMessage({ type: 'ack', id: m.id, length: m.length });
  } else if (m.type === 'end') {
    const hashes = jobs.get(m.id);
    jobs.delete(m.id);
    const digests = hashes ? hashes.map((h) => h.digest()) : [];
    parentPort.postMessage({ type: 'done', id: m.id, digests: digests.map((d) => d.buffer.slice(d.byteOffset, d.byteOffset + d.length)) });
  } else if (m.type === 'cancel') jobs.delete(m.id);
});
`;

interface Job {
  onAck(length: number): void;
  onDone(digests: Buffer[]): void;
  onError(err: Error): void;
}

const BATCH = 1024 * 1024;
let worker: Worker | undefined;
let nextId = 0;
const jobs = new Map<number, Job>();

function sharedWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true });
  // Idle between uploads: never keeps the process alive.
  w.unref();
  w.on('message', (m: { type: 'ack' | 'done'; id: number; length?: number; digests?: ArrayBuffer[] }) => {
    const job = jobs.get(m.id);
    if (!job) return;
    if (m.type === 'ack') job.onAck(m.length!);
    else {
      jobs.delete(m.id);
      job.onDone(m.digests!.map((d) => Buffer.from(d)));
    }
  });
  const fail = (err: Error) => {
    if (worker === w) worker = undefined;
    for (const job of jobs.values()) job.onError(err);
    jobs.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`hash worker exited (${code})`)));
  worker = w;
  return w;
}

/**
 * Hashes a stream of chunks on a worker thread, so a large upload's MD5 (and SHA-256) run beside
 * the socket reads and disk writes of the main thread instead of in front of them. `update` copies
 * the chunk to the worker; `waitForRoom` holds the producer while more than `maxInFlight` bytes
 * are still being hashed, so memory stays flat when the worker is slower than the disk.
 */
export class OffloadedHashes {
  private readonly id = nextId++;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private failure: Error | undefined;
  private readonly done: Promise<Buffer[]>;
  private readonly worker = sharedWorker();
  /** Chunks are hashed in batches of BATCH bytes: one message per MiB, not per socket read. */
  private batch = Buffer.allocUnsafeSlow(BATCH);
  private batchLength = 0;

  constructor(
    private readonly algorithms: OffloadedAlgorithm[],
    private readonly maxInFlight = 16 * 1024 * 1024,
  ) {
    this.done = new Promise<Buffer[]>((resolve, reject) => {
      jobs.set(this.id, {
        onAck: (length) => {
          this.inFlight -= length;
          if (this.inFlight <= this.maxInFlight) for (const wake of this.waiters.splice(0)) wake();
        },
        onDone: resolve,
        onError: (err) => {
          this.failure = err;
          for (const wake of this.waiters.splice(0)) wake();
          reject(err);
        },
      });
    });
    this.done.catch(() => {}); // observed through digests() or waitForRoom()
    this.worker.postMessage({ type: 'start', id: this.id, algorithms });
  }

  /** Queues a chunk for hashing (copied into a batch: the chunk itself goes on to the disk untouched). */
  update(chunk: Buffer): void {
    if (this.failure) throw this.failure;
    for (let at = 0; at < chunk.length;) {
      const n = chunk.copy(this.batch, this.batchLength, at);
      this.batchLength += n;
      at += n;
      if (this.batchLength === this.batch.length) this.send();
    }
  }

  /** Hands the batch to the worker without a second copy (its memory is transferred). */
  private send(): void {
    if (this.batchLength === 0) return;
    const buffer = this.batch.buffer;
    this.inFlight += this.batchLength;
    this.worker.postMessage({ type: 'data', id: this.id, buffer, offset: this.batch.byteOffset, length: this.batchLength }, [buffer]);
    this.batch = Buffer.allocUnsafeSlow(BATCH);
    this.batchLength = 0;
  }

  /** Resolves once the worker is less than `maxInFlight` bytes behind. */
  async waitForRoom(): Promise<void> {
    while (this.inFlight > this.maxInFlight && !this.failure) await new Promise<void>((wake) => this.waiters.push(wake));
    if (this.failure) throw this.failure;
  }

  /** The digests, in the order of `algorithms`, once every chunk is hashed. */
  digests(): Promise<Buffer[]> {
    this.send();
    this.worker.postMessage({ type: 'end', id: this.id });
    return this.done;
  }

  /** Forgets the job (the upload failed). */
  cancel(): void {
    jobs.delete(this.id);
    this.worker.postMessage({ type: 'cancel', id: this.id });
  }
}
