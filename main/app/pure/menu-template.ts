/** The Electron menu roles this template uses (a subset of Electron's MenuItem roles). */
export type MenuRole =
  | 'appMenu'
  | 'fileMenu'
  | 'editMenu'
  | 'windowMenu'
  | 'help'
  | 'about'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen';

/**
 * A menu item as plain data, structurally assignable to Electron's MenuItemConstructorOptions
 * (main/app/main.ts passes it to Menu.buildFromTemplate, where the compiler checks that).
 */
export interface MenuItemTemplate {
  role?: MenuRole;
  label?: string;
  type?: 'separator';
  submenu?: MenuItemTemplate[];
  click?: () => void;
}

export interface MenuTemplateOptions {
  /** `app.isPackaged`: released builds get no reload or developer tools. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** "Show Data Folder" in Help: the host opens PAIL_HOME in the file manager. */
  showDataFolder: () => void;
}

/**
 * The application menu: role-based, so the OS supplies labels, accelerators and behaviour.
 * The Edit menu matters beyond looks: on macOS copy and paste in text fields only work through
 * it. The View menu is spelled out because Electron's `viewMenu` role always includes
 * Reload and Toggle Developer Tools, which a packaged build must not offer.
 */
export function buildMenuTemplate(options: MenuTemplateOptions): MenuItemTemplate[] {
  const isMac = options.platform === 'darwin';
  const separator: MenuItemTemplate = { type: 'separator' };
  const developerItems: MenuItemTemplate[] = options.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator];
  const view: MenuItemTemplate = {
    label: 'View',
    submenu: [...developerItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }],
  };
  const help: MenuItemTemplate = {
    role: 'help',
    submenu: [
      { label: 'Show Data Folder', click: options.showDataFolder },
      // On macOS "About" lives in the app menu.
      ...(isMac ? [] : [separator, { role: 'about' } satisfies MenuItemTemplate]),
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemTemplate] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    help,
  ];
}
