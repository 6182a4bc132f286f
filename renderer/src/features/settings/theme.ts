import type { Settings } from '../../../../preload/contract';

/**
 * Applies the theme to the document. "system" leaves it to `prefers-color-scheme` in CSS,
 * so the app follows the OS live without listening for changes here.
 */
export function applyTheme(theme: Settings['theme'], root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
