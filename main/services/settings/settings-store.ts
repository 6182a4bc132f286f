import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Settings } from '../../../preload/contract/types.js';
import { writeFileAtomic } from '../fs/atomic-file.js';

const DEFAULTS: Settings = { theme: 'system', linkExpirySeconds: 3600 };
const THEMES = new Set<Settings['theme']>(['system', 'light', 'dark']);

/** Person-facing settings in `<pailHome>/settings.json`; unknown or broken values fall back to defaults. */
export class SettingsStore {
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

  get(): Settings {
    return { ...this.current };
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    this.current = sanitize({ ...this.current, ...patch });
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(this.current, null, 2));
    return this.get();
  }
}

function sanitize(settings: Settings): Settings {
  const expiry = settings.linkExpirySeconds;
  return {
    theme: THEMES.has(settings.theme) ? settings.theme : DEFAULTS.theme,
    // SigV4 links last 1 second to 7 days.
    linkExpirySeconds: Number.isInteger(expiry) && expiry >= 1 && expiry <= 604_800 ? expiry : DEFAULTS.linkExpirySeconds,
  };
}
