import { connect, type Socket } from 'node:net';
import { abortError, IDLE_MS, MAX_HEAD_BYTES, networkError, parseAnswerHead, requestHead } from './http-wire.js';

/** An answer read whole: status, lowercased headers, body. */
export interface WholeAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A request already signed: what goes on the wire. */
export interface PooledRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Idle connections kept for reuse; more than the engine ever has in flight. */
const MAX_IDLE = 64;

/** Thrown inside the pool when a connection closed or failed before any answer byte. */
class StaleConnection extends Error {
  constructor(readonly original: Error) {
    super(original.message);
  }
}

/**
 * Keep-alive plain-HTTP connections to one endpoint, one request at a time on each, for small
 * requests whose answer is read whole (a small object, an error's XML). A folder of thousands of
 * small files is a stream of tiny requests: Node's HTTP client (request object, agent, parser,
 * streams) costs more per request than the bytes, and a fresh connection per request costs a
 * handshake and a socket on both ends.
 *
 * Only answers with a Content-Length are read here. Anything else (a chunked or close-delimited
 * answer, a body over the caller's limit) resolves undefined having dropped the connection, and
 * the caller sends the request another way: GET and PUT may be sent again.
 */
export class KeepAlivePool {
  private readonly idle: Socket[] = [];
  /** The listener that takes each idle connection out of the pool when it closes. */
  private readonly drops = new Map<Socket, () => void>();

  constructor(
    private readonly hostname: string,
    private readonly port: number,
  ) {}

  async request(req: PooledRequest, maxBody: number, signal: AbortSignal): Promise<WholeAnswer | undefined> {
    for (;;) {
      signal.throwIfAborted();
      const reused = this.idle.pop();
      try {
        return await this.exchange(reused ?? this.open(), req, maxBody, signal);
      } catch (err) {
        // The server closed an idle connection while we were about to reuse it (its keep-alive
        // timeout, a restart): nothing was answered, so the request goes again on another one.
        if (err instanceof StaleConnection && reused) continue;
        throw err instanceof StaleConnection ? err.original : err;
      }
    }
  }

  private open(): Socket {
    const socket = connect({ host: this.hostname, port: this.port });
    socket.setNoDelay(true);
    return socket;
  }

  private park(socket: Socket): void {
    if (this.idle.length >= MAX_IDLE || socket.destroyed) return void socket.destroy();
    socket.setTimeout(0);
    // An idle connection must not keep the process alive, and leaves the pool when it closes.
    socket.unref();
    const drop = () => {
      const i = this.idle.indexOf(socket);
      if (i >= 0) this.idle.splice(i, 1);
      this.drops.delete(socket);
      socket.destroy();
    };
    socket.once('end', drop);
    socket.once('error', drop);
    socket.once('close', drop);
    this.drops.set(socket, drop);
    this.idle.push(socket);
  }

  private exchange(socket: Socket, req: PooledRequest, maxBody: number, signal: AbortSignal): Promise<WholeAnswer | undefined> {
    const drop = this.drops.get(socket);
    if (drop) {
      socket.off('end', drop);
      socket.off('error', drop);
      socket.off('close', drop);
      this.drops.delete(socket);
    }
    socket.ref();
    return new Promise((resolve, reject) => {
      let chunks: Buffer[] = [];
      let received = 0;
      let headEnd = -1;
      let status = 0;
      let headers: Record<string, string> = {};
      let expected = -1;
      let settled = false;
      const finish = (err: Error | undefined, answer?: WholeAnswer, reusable = false) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('error', onError);
        socket.off('close', onEnd);
        socket.off('timeout', onTimeout);
        if (reusable) this.park(socket);
        else socket.destroy();
        if (err) reject(err);
        else resolve(answer);
      };
      const onAbort = () => finish(abortError(signal));
      const onError = (err: Error) => finish(received === 0 ? new StaleConnection(err) : err);
      const onEnd = () => {
        const cut = networkError(received === 0 ? 'The server closed the connection.' : 'The answer was cut short.', 'ECONNRESET');
        finish(received === 0 ? new StaleConnection(cut) : cut);
      };
      const onTimeout = () => finish(networkError('The server stopped answering.', 'ETIMEDOUT'));
      const onData = (data: Buffer) => {
        chunks.push(data);
        received += data.length;
        if (headEnd < 0) {
          const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          chunks = [all];
          const end = all.indexOf('\r\n\r\n');
          if (end < 0) {
            if (received > MAX_HEAD_BYTES) finish(networkError('The server sent an oversized answer head.', 'ECONNRESET'));
            return;
          }
          const head = parseAnswerHead(all, end);
          if (!head) return finish(networkError('The server did not answer in HTTP.', 'ECONNRESET'));
          ({ status, headers } = head);
          headEnd = end + 4;
          const length = headers['content-length'];
          // A HEAD's Content-Length is the object's, not this answer's: it has no body.
          if (req.method === 'HEAD' || status === 204 || status === 304) expected = 0;
          else if (length !== undefined && /^\d+$/.test(length) && headers['transfer-encoding'] === undefined) expected = Number(length);
          // Not an answer this reader takes whole: the caller sends the request its other way.
          if (expected < 0 || expected > maxBody || status < 200) return finish(undefined, undefined);
        }
        const bodyBytes = received - headEnd;
        if (bodyBytes < expected) return;
        if (bodyBytes > expected) return finish(networkError('The server sent more bytes than it declared.', 'ECONNRESET'));
        const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        const keepAlive = !/\bclose\b/i.test(headers['connection'] ?? '');
        finish(undefined, { status, headers, body: all.subarray(headEnd) }, keepAlive);
      };
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
      socket.once('error', onError);
      socket.setTimeout(IDLE_MS);
      socket.once('timeout', onTimeout);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const head = requestHead(req.method, req.path, req.headers);
      if (req.body && req.body.length > 0) {
        socket.cork();
        socket.write(head, 'latin1');
        socket.write(req.body);
        socket.uncork();
      } else socket.write(head, 'latin1');
    });
  }
}
