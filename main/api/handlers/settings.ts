import { settingsPatch } from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

/** Person-facing settings. */
export function settingsHandlers({ settings }: HandlerDeps) {
  return {
    getSettings: { args: [], run: async () => settings.get() },
    updateSettings: { args: [settingsPatch], run: async (patch) => settings.update(patch) },
  } satisfies DomainHandlers;
}
