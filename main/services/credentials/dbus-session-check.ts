import { connect } from 'node:net';

/**
 * Why the D-Bus session bus at `address` cannot be used, or undefined when it answered (or when
 * the address is not a unix socket this check knows how to reach: keytar is then tried as is).
 *
 * Why it exists: keytar talks to the Secret Service through libsecret on a libuv worker thread.
 * On a bus that accepts connections and never answers, that call blocks forever, and Node's
 * process.exit() waits for the worker, so the app could never quit. This check speaks the first
 * line of the D-Bus handshake from JavaScript, where a timeout can really cancel it.
 */
export function sessionBusProblem(address: string | undefined, timeoutMs: number): Promise<string | undefined> {
  const socketPath = address === undefined ? undefined : unixSocketOf(address);
  if (socketPath === undefined) return Promise.resolve(undefined);

  return new Promise((resolve) => {
    let settled = false;
    let reply = '';
    const socket = connect(socketPath);
    const finish = (problem: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => finish(`the D-Bus session bus did not answer within ${timeoutMs} ms`), timeoutMs);
    // A NUL byte, then AUTH with no mechanism: any live bus replies with a line (REJECTED and
    // the mechanisms it supports), which is all this needs to know. No uid or cookie involved.
    socket.on('connect', () => socket.write('\0AUTH\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(undefined);
    });
    socket.on('error', (error) => finish(`the D-Bus session bus cannot be reached: ${error.message}`));
    socket.on('close', () => finish('the D-Bus session bus closed the connection without answering'));
  });
}

/**
 * The socket of the first address in a D-Bus address list (`unix:path=…` or, on Linux,
 * `unix:abstract=…`), or undefined for other transports (tcp, launchd, autolaunch).
 */
export function unixSocketOf(address: string): string | undefined {
  const first = address.split(';')[0] ?? '';
  if (!first.startsWith('unix:')) return undefined;
  const params = new Map<string, string>();
  for (const pair of first.slice('unix:'.length).split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) params.set(pair.slice(0, eq), unescapeValue(pair.slice(eq + 1)));
  }
  const path = params.get('path');
  if (path) return path;
  const abstract = params.get('abstract');
  // Node reaches Linux abstract sockets through a leading NUL.
  return abstract ? `\0${abstract}` : undefined;
}

/** D-Bus address values escape bytes as %XX. */
function unescapeValue(value: string): string {
  return Buffer.from(
    value.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}
