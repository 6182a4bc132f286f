import { isAppUrl } from './app-url.js';

/**
 * Whether the window may navigate to `url` (`will-navigate`): only within Pail's own origin.
 * Everything else is refused; links meant for the browser open through the window-open path.
 */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * The URL to hand to the OS browser for a `window.open` / `target=_blank` request, or undefined
 * to drop it. Only absolute http(s) URLs with a host and no embedded credentials qualify: other
 * schemes (file:, smb:, custom protocol handlers, javascript:) could launch local programs.
 */
export function externalUrlToOpen(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href;
}
