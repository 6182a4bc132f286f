import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TRANSFER_LIMIT } from '../../../preload/contract/transfers.js';
import type { Settings } from '../../../preload/contract/types.js';
import { writeFileAtomic } from '../fs/atomic-file.js';

const DEFAULTS: Settings = {
  theme: 'system',
  linkExpirySeconds: 3600,
  transferFilesAtOnce: TRANSFER_LIMIT.default,
  transferPartsPerFile: TRANSFER_LIMIT.default,
};
const THEMES = new Set<Settings['theme']>(['system', 'light', 'dark']);

/** Person-facing settings in `<pailHome>/settings.json`; unknown or broken values fall back to defaults. */
export class SettingsStore {
  private readonly listeners = new Set<(settings: Settings) => void>();

  private constructor(
    private readonly file: string,
    private current: Settings,
  ) {}

  static async open(pailHome: string): Promise<SettingsStore> {
    const file = join(pailHome, 'settings.json');
    const stored = await readFile(file, 'utf8').then(
      (t) => JSON.parse(t) as Partial<Settings>,
      () => ({}),
    );
    return new SettingsStore(file, sanitize({ ...DEFAULTS, ...stored }));
  }

  /** Calls `listener` with the settings after every update; returns the unsubscribe. */
  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(): Settings {
    return { ...this.current };
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    this.current = sanitize({ ...this.current, ...patch });
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(this.current, null, 2));
    for (const listener of this.listeners) listener(this.get());
    return this.get();
  }
}

function sanitize(settings: Settings): Settings {
  const expiry = settings.linkExpirySeconds;
  return {
    theme: THEMES.has(settings.theme) ? settings.theme : DEFAULTS.theme,
    // SigV4 links last 1 second to 7 days.
    linkExpirySeconds: Number.isInteger(expiry) && expiry >= 1 && expiry <= 604_800 ? expiry : DEFAULTS.linkExpirySeconds,
    transferFilesAtOnce: limit(settings.transferFilesAtOnce),
    transferPartsPerFile: limit(settings.transferPartsPerFile),
  };
}

function limit(value: unknown): number {
  return Number.isInteger(value) && (value as number) >= TRANSFER_LIMIT.min && (value as number) <= TRANSFER_LIMIT.max
    ? (value as number)
    : TRANSFER_LIMIT.default;
}
