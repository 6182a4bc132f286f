/**
 * Pail's installer id (electron-builder.yml `appId`). On Windows it is also the AppUserModelID
 * the app must set, or pinned taskbar icons and notifications belong to a different "app" than
 * the one the installer's shortcut names. A test checks the two stay equal.
 */
export const APP_ID = 'dev.pail.app';

/**
 * Whether Chromium's spell checker runs. On macOS it uses the OS spell checker (nothing is
 * downloaded); on Windows and Linux it fetches Hunspell dictionaries from Google's CDN the first
 * time it runs, which a file manager has no reason to do behind its user's back. Off there.
 */
export function spellcheckEnabled(platform: NodeJS.Platform): boolean {
  return platform === 'darwin';
}

/** The window title while the services are still coming up behind the window. */
export const STARTING_TITLE = 'Pail — starting…';
/** The window title once they are up. */
export const READY_TITLE = 'Pail';
