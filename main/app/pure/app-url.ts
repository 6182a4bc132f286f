import path from 'node:path';

/** The renderer's private scheme: `app://pail/…`, registered as standard and secure. */
export const APP_SCHEME = 'app';
/** A standard scheme needs a host; one fixed host gives the renderer one stable origin. */
export const APP_HOST = 'pail';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** What an `app://` request resolves to: a file inside the renderer root, or a refusal with its status. */
export type AppRequestResolution = { status: 200; filePath: string } | { status: 404 | 405; reason: string };

/** True when `url` is a page of Pail's own origin (`app://pail/…`). Anything unparsable is not. */
export function isAppUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Maps an `app://` request to a file under `root` (the built renderer). The path is decoded,
 * then resolved against the root, and refused unless it stays inside it: `..` segments, encoded
 * separators (`%2F`, `%5C`), absolute or drive-letter paths and NUL bytes never reach a file
 * outside, and Windows device names (`CON`, `nul.txt`, `COM1`…) never reach a device, on every
 * platform alike. `/` serves index.html. `pathApi` is injectable so the Windows rules are tested on Linux.
 */
export function resolveAppRequest(method: string, url: string, root: string, pathApi: path.PlatformPath = path): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, reason: `method ${method} not allowed` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 404, reason: 'unparsable URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { status: 404, reason: 'foreign origin' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 404, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { status: 404, reason: 'NUL in path' };
  const relative = decoded.replace(/^[/\\]+/, '') || 'index.html';
  if (relative.split(/[/\\]/).some(isWindowsDeviceName)) return { status: 404, reason: 'a Windows device name' };
  const base = pathApi.resolve(root);
  const filePath = pathApi.resolve(base, relative);
  const inside = filePath.startsWith(base.endsWith(pathApi.sep) ? base : base + pathApi.sep);
  if (!inside) return { status: 404, reason: 'outside the renderer root' };
  return { status: 200, filePath };
}

/** CON, PRN, AUX, NUL, COM0-9, LPT0-9 (and the superscript-digit forms), CONIN$, CONOUT$. */
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/**
 * True when Windows would open a device rather than a file for this path segment: the device
 * name alone or with any extension (`nul.txt`), trailing dots and spaces ignored, as Windows
 * ignores them. The renderer never names a file so, so refusing them everywhere costs nothing.
 */
export function isWindowsDeviceName(segment: string): boolean {
  const stem = segment
    .replace(/[. ]+$/, '')
    .split('.')[0]!
    .trimEnd();
  return DEVICE_NAME.test(stem);
}
