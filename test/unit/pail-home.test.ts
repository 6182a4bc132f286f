import { join } from 'node:path';
import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultLocalBucketDir, pailHome } from '../../main/services/settings/pail-home.js';

describe('pailHome', () => {
  it('honours PAIL_HOME', () => {
    expect(pailHome({ PAIL_HOME: '/data/pail' }, 'linux')).toBe('/data/pail');
    expect(defaultLocalBucketDir({ PAIL_HOME: '/data/pail' })).toBe(join('/data/pail', 'local-bucket'));
  });

  it('uses the OS app-data folder otherwise', () => {
    expect(pailHome({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(join('/x', 'Pail'));
    expect(pailHome({}, 'linux')).toBe(join(homedir(), '.config', 'Pail'));
    expect(pailHome({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Pail'));
    expect(pailHome({ APPDATA: 'C:\\Users\\p\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\p\\AppData\\Roaming', 'Pail'));
  });
});
