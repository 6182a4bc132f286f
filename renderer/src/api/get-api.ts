import type { PailApi } from '../../../preload/contract';
import { createBrowserClient } from './browser-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    pail?: PailApi;
    /** Electron only (preload): a dropped or chosen File's path on disk; '' when it has none. */
    pailFiles?: { pathForFile(file: File): string };
  }
}

let browserClient: PailApi | null = null;

/** The one object the renderer talks to: the preload's `window.pail`, else the HTTP + SSE client of `pail serve`. */
export function getApi(): PailApi {
  if (window.pail) return window.pail;
  browserClient ??= createBrowserClient();
  return browserClient;
}

/** The path on disk of a dropped or chosen File in Electron; undefined in browser mode (the page streams it). */
export function pathForFile(file: File): string | undefined {
  const path = window.pailFiles?.pathForFile(file);
  return path ? path : undefined;
}
