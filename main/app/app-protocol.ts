import { protocol } from 'electron';
import { createAppProtocolHandler, type ObjectStreamOpener } from './pure/app-protocol-handler.js';
import { APP_SCHEME } from './pure/app-url.js';
import type { CspOptions } from './pure/csp.js';

/**
 * Declares `app:` standard (a real origin, relative URLs), secure (a secure context, like https)
 * and fetch-capable. Electron only accepts this before the `ready` event.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the built renderer on `app://pail/` (default session), every response with the CSP, and
 * the object streams previews play from.
 */
export function serveAppProtocol(rendererRoot: string, csp: CspOptions, openStream: ObjectStreamOpener): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot, csp, openStream));
}
