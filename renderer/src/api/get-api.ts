import type { PailApi } from '../../../preload/contract';
import { createBrowserClient } from './browser-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    pail?: PailApi;
  }
}

let browserClient: PailApi | null = null;

/** The one object the renderer talks to: the preload's `window.pail`, else the HTTP + SSE client of `pail serve`. */
export function getApi(): PailApi {
  if (window.pail) return window.pail;
  browserClient ??= createBrowserClient();
  return browserClient;
}
