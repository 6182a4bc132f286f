import type { Session, WebContents } from 'electron';
import { isAllowedNavigation, externalUrlToOpen } from './pure/navigation.js';

/**
 * Applied to every webContents Electron creates (from `web-contents-created`), so nothing can
 * slip past: no navigation away from app://pail, no new windows (http(s) links go to the OS
 * browser instead), no `<webview>`.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external !== undefined) openExternal(external);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/**
 * Pail's page needs no web permission (camera, notifications, clipboard-read, geolocation…):
 * the clipboard is written by main over IPC. Deny every request and every check.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
