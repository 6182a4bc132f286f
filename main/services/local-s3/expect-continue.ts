import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request that arrived with `Expect: 100-continue`. */
export type ContinueRequest = IncomingMessage & { expectsContinue?: boolean };

/**
 * Answers `Expect: 100-continue` lazily: `100 Continue` goes out when something first reads the
 * request body, so every check an operation makes before reading (authentication, the bucket,
 * preconditions, declared sizes) refuses the request before the client sends a possibly huge
 * body. An answer sent without reading the body never tells the client to continue.
 */
export function continueOnFirstRead(req: IncomingMessage, res: ServerResponse): void {
  (req as ContinueRequest).expectsContinue = true;
  const read = req._read;
  req._read = function (this: IncomingMessage, size: number) {
    req._read = read;
    if (!res.headersSent) res.writeContinue();
    read.call(this, size);
  };
}

/** True when the request asked for `100 Continue` (its body is sent only if the server reads it). */
export function expectsContinue(req: IncomingMessage): boolean {
  return (req as ContinueRequest).expectsContinue === true;
}
