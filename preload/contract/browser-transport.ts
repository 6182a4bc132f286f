import type { MethodName } from './channels.js';

/**
 * Browser mode's HTTP transport, shared by `pail serve` (main/web) and the page's client
 * (renderer/src/api): the one place its paths and header names are written.
 *
 * - a call is `POST CALL_PATH_PREFIX + <method>` with `{"args": [...]}`, answered by an ApiResult;
 * - events are one Server-Sent Events stream at `EVENTS_PATH`, one SSE event name per contract event;
 * - every request carries the token printed in the link: the cookie it is traded for on first load
 *   (`tokenCookieName(port)`), or the `TOKEN_HEADER` header (scripts and tests), and a link may
 *   carry it once as `?TOKEN_QUERY=…`.
 */
export const BROWSER_TRANSPORT = {
  callPathPrefix: '/api/call/',
  eventsPath: '/api/events',
  tokenHeader: 'x-pail-token',
  tokenQuery: 'token',
} as const;

/** The path of one contract method's call. */
export function callPath(method: MethodName): string {
  return `${BROWSER_TRANSPORT.callPathPrefix}${method}`;
}

/** The session cookie's name; cookies are shared by every port of a host, so one name per port keeps two Pails apart. */
export function tokenCookieName(port: number): string {
  return `pail_token_${port}`;
}
