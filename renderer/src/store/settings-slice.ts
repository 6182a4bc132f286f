import type { AppInfo, Settings } from '../../../preload/contract';

/** Person-facing settings and the facts about the running app the UI adapts to. */
export interface SettingsSlice {
  settings: Settings;
  appInfo: AppInfo | null;
}

export function createSettingsSlice(): SettingsSlice {
  return { settings: { theme: 'system', linkExpirySeconds: 3600, transferFilesAtOnce: 4, transferPartsPerFile: 4 }, appInfo: null };
}
