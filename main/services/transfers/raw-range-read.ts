import { connect, type Socket } from 'node:net';
import { abortError, IDLE_MS, MAX_HEAD_BYTES, networkError, parseAnswerHead, requestHead } from './http-wire.js';

/** A ranged GET, already signed: what goes on the wire. */
export interface RawGet {
  hostname: string;
  port: number;
  path: string;
  headers: Record<string, string>;
}

/** Where a response body goes: runs of bytes at increasing offsets from the range's start. */
export type RunWriter = (run: Buffer, offset: number) => Promise<void>;

/** What came back when the answer was not a plain 206 with a length: nothing of it was written. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Bytes are read from the socket straight into runs of this size, and each full run is written
 * with one call: no buffer per socket read, no stream, no HTTP parser per chunk.
 */
const RUN_BYTES = 1024 * 1024;
/** An error answer's body is kept up to this size (S3's error XML is far smaller). */
const MAX_ERROR_BYTES = 64 * 1024;

/**
 * Run buffers that finished their work, kept for the next range: a fresh 1 MiB buffer is fresh
 * memory, and the kernel's first copy into each of its pages is a page fault (measured: about a
 * tenth of a download's CPU when every range allocated its own).
 */
const spareRuns: Buffer[] = [];
const MAX_SPARE_RUNS = 16;

function takeRun(): Buffer {
  return spareRuns.pop() ?? Buffer.allocUnsafeSlow(RUN_BYTES);
}

/**
 * Sends `req` over a fresh plain-HTTP connection and, when the answer is `206` (or `200`) with a
 * Content-Length of exactly `length`, reads its body directly into two alternating run buffers
 * (`net.Socket`'s `onread`): while one run is written, the next fills; when both are busy the
 * socket pauses, so a slow disk holds the sender back and memory stays at two runs. `onBytes`
 * reports bytes as they arrive.
 *
 * Resolves with undefined when the whole body was written; with the answer (status, headers,
 * body) when it was anything else, for the caller to turn into an error; rejects with a network
 * error (a `code` the retry policy knows) when the connection fails or ends early.
 */
export function rawRangeRead(
  req: RawGet,
  length: number,
  write: RunWriter,
  onBytes: (n: number) => void,
  signal: AbortSignal,
): Promise<RawAnswer | undefined> {
  return new Promise((resolve, reject) => {
    const runs = [takeRun(), takeRun()];
    /** The write still holding each run, if any. */
    const writes: (Promise<void> | undefined)[] = [undefined, undefined];
    let current = 0;
    let fill = 0;
    let headDone = false;
    let status = 0;
    let headers: Record<string, string> = {};
    let expected = 0;
    let plain = false;
    let bodyRead = 0;
    let written = 0;
    let settled = false;
    const errorBody: Buffer[] = [];
    let errorBytes = 0;
    /** The error answer as read so far (no more than its declared length). */
    const errorAnswer = (): RawAnswer => {
      const body = Buffer.concat(errorBody);
      return { status, headers, body: Number.isFinite(expected) ? body.subarray(0, expected) : body };
    };

    const finish = (err: Error | undefined, answer?: RawAnswer) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      // The runs go back once no write uses them (after an error one may still be on its way).
      void Promise.allSettled(writes).then(() => {
        for (const run of runs) if (spareRuns.length < MAX_SPARE_RUNS) spareRuns.push(run);
      });
      if (err) reject(err);
      else resolve(answer);
    };
    const onAbort = () => finish(abortError(signal));

    /**
     * Hands the current run to the writer and switches to the other one. Returns false when the
     * other run is still being written: reading pauses until it is free.
     */
    const flushRun = (last = false): boolean => {
      const index = current;
      const run = runs[index]!.subarray(0, fill);
      const offset = written;
      written += run.length;
      const done = write(run, offset).then(() => {
        if (writes[index] === done) writes[index] = undefined;
      });
      writes[index] = done;
      done.catch((err: Error) => finish(err));
      current ^= 1;
      fill = 0;
      const other = writes[current];
      if (!other) return true;
      // After the last run nothing more is read: the server's FIN must not look like a cut.
      if (last) return false;
      // (A failed write has settled it already, through its own catch.)
      other.then(
        () => {
          if (!settled) socket.resume();
        },
        () => {},
      );
      return false;
    };

    /** The last run: written, then (with the other run's write) settled. */
    const flushLast = () => {
      flushRun(true);
      void Promise.all(writes).then(
        () => finish(undefined),
        () => {},
      );
    };

    const parseHead = (end: number) => {
      const head = parseAnswerHead(runs[current]!, end);
      if (!head) return finish(networkError('The server did not answer in HTTP.', 'ECONNRESET'));
      ({ status, headers } = head);
      expected = Number(headers['content-length'] ?? NaN);
      plain = (status === 206 || status === 200) && headers['transfer-encoding'] === undefined && expected === length;
      // A success that is not this range (a server that ignores Range sends the whole object): the
      // caller takes another way; none of it is read.
      if (status >= 200 && status < 300 && !plain) return finish(undefined, { status, headers, body: Buffer.alloc(0) });
      // The body bytes that came with the head move to the front of the run.
      const after = end + 4;
      runs[current]!.copyWithin(0, after, fill);
      fill -= after;
      headDone = true;
    };

    const socket: Socket = connect({
      host: req.hostname,
      port: req.port,
      onread: {
        buffer: () => runs[current]!.subarray(fill),
        callback: (n: number) => {
          if (settled) return false;
          fill += n;
          if (!headDone) {
            const end = runs[current]!.subarray(0, fill).indexOf('\r\n\r\n');
            if (end < 0) {
              if (fill >= MAX_HEAD_BYTES) finish(networkError('The server sent an oversized answer head.', 'ECONNRESET'));
              return true;
            }
            parseHead(end);
            if (settled) return false;
            n = fill;
          }
          if (!plain) {
            // Not a body to write: keep it (an error's XML) to answer with.
            errorBody.push(Buffer.from(runs[current]!.subarray(0, fill)));
            errorBytes += fill;
            fill = 0;
            if ((Number.isFinite(expected) && errorBytes >= expected) || errorBytes >= MAX_ERROR_BYTES) finish(undefined, errorAnswer());
            return true;
          }
          if (n > 0) {
            bodyRead += n;
            onBytes(n);
          }
          if (bodyRead > expected) {
            finish(networkError('The server sent more bytes than the range holds.', 'ECONNRESET'));
            return false;
          }
          if (bodyRead === expected) {
            flushLast();
            return false;
          }
          if (fill === RUN_BYTES) return flushRun();
          return true;
        },
      },
    });
    socket.setNoDelay(true);
    socket.setTimeout(IDLE_MS, () => finish(networkError('The server stopped sending.', 'ETIMEDOUT')));
    socket.on('error', (err) => finish(err));
    socket.once('end', () => {
      // The whole body is in: the server's FIN may come while the last runs are still being
      // written, and those writes settle it.
      if (settled || (plain && bodyRead === expected)) return;
      if (headDone && !plain && !Number.isFinite(expected)) return finish(undefined, errorAnswer());
      finish(networkError('The download was cut short.', 'ECONNRESET'));
    });
    socket.once('close', () => {
      if (!settled && bodyRead < expected) finish(networkError('The download was cut short.', 'ECONNRESET'));
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.write(requestHead('GET', req.path, { ...req.headers, connection: 'close' }), 'latin1');
  });
}
