/**
 * What the two hand-rolled HTTP/1.1 readers (raw ranged reads, the keep-alive pool) share: the
 * request head they write, the answer head they parse, and the errors they raise in the shape the
 * retry policy knows (a Node-style `code`).
 */

/** A connection that sends nothing for this long is given up (retried like a reset). */
export const IDLE_MS = 60_000;
/** A response head larger than this is not an S3 answer. */
export const MAX_HEAD_BYTES = 64 * 1024;

export function networkError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The error an aborted request ends with: the signal's reason, or an ABORT_ERR. */
export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : networkError('Aborted', 'ABORT_ERR');
}

/** `METHOD PATH HTTP/1.1`, a line per header, and the blank line. */
export function requestHead(method: string, path: string, headers: Record<string, string>): string {
  let head = `${method} ${path} HTTP/1.1\r\n`;
  for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
  return `${head}\r\n`;
}

/**
 * The status and headers (names lowercased) of an answer whose head ends at `end` (where its
 * `\r\n\r\n` starts); undefined when it is not HTTP/1.x.
 */
export function parseAnswerHead(bytes: Buffer, end: number): { status: number; headers: Record<string, string> } | undefined {
  const lines = bytes.toString('latin1', 0, end).split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!statusLine) return undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine[1]), headers };
}
