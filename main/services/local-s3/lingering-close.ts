import type { Socket } from 'node:net';

/** How long a refused request's connection keeps swallowing the body the client still sends. */
const LINGER_MS = 2_000;

/**
 * Makes the end of this connection a lingering close, for an answer that leaves the request body
 * unread. Closing a socket while unread bytes sit in its receive buffer makes the kernel send a
 * reset instead of a FIN, and a reset makes the client's kernel throw away the answer it has
 * received but not yet read: the client sees ECONNRESET instead of, say, 403
 * SignatureDoesNotMatch (and retries it as a network error). So, like a web server's lingering
 * close: send the FIN (the answer is complete), let the HTTP parser go on discarding what the
 * client still sends, and close when the client closes its side or after LINGER_MS.
 *
 * Node's HTTP server ends a `Connection: close` answer's socket with `destroySoon()` (FIN, then
 * close at once); this replaces that method on this one socket.
 */
export function lingerOnClose(socket: Socket): void {
  socket.destroySoon = function (this: Socket) {
    if (this.destroyed) return;
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    // Everything the client sent has been read once its FIN arrives: closing then sends no reset.
    this.once('end', () => this.destroy());
    this.end();
  };
}
