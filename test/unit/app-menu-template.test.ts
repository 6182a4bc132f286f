import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuItemTemplate } from '../../main/app/pure/menu-template.js';

function roles(items: MenuItemTemplate[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])]);
}

const noop = () => undefined;

describe('buildMenuTemplate', () => {
  it('has the standard menus, with Edit so copy and paste work', () => {
    const linux = buildMenuTemplate({ isPackaged: true, platform: 'linux', showDataFolder: noop });
    expect(linux.map((item) => item.role ?? item.label)).toEqual(['fileMenu', 'editMenu', 'View', 'windowMenu', 'help']);
    const mac = buildMenuTemplate({ isPackaged: true, platform: 'darwin', showDataFolder: noop });
    expect(mac.map((item) => item.role ?? item.label)).toEqual(['appMenu', 'fileMenu', 'editMenu', 'View', 'windowMenu', 'help']);
  });

  it('offers reload and developer tools only in unpackaged builds', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const released = roles(buildMenuTemplate({ isPackaged: true, platform, showDataFolder: noop }));
      expect(released).not.toContain('toggleDevTools');
      expect(released).not.toContain('reload');
      expect(released).not.toContain('forceReload');
      // Electron's viewMenu role would bring devtools back.
      expect(released).not.toContain('viewMenu');
      expect(released).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
      const dev = roles(buildMenuTemplate({ isPackaged: false, platform, showDataFolder: noop }));
      expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    }
  });

  it('puts About in Help except on macOS, and Show Data Folder calls the host', () => {
    const showDataFolder = vi.fn();
    const help = buildMenuTemplate({ isPackaged: true, platform: 'win32', showDataFolder }).find((item) => item.role === 'help');
    expect(roles(help?.submenu ?? [])).toContain('about');
    help?.submenu?.find((item) => item.label === 'Show Data Folder')?.click?.();
    expect(showDataFolder).toHaveBeenCalledOnce();
    const macHelp = buildMenuTemplate({ isPackaged: true, platform: 'darwin', showDataFolder }).find((item) => item.role === 'help');
    expect(roles(macHelp?.submenu ?? [])).not.toContain('about');
  });
});
