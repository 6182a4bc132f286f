import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appLayout, electronPailHome } from '../../main/app/pure/paths.js';
import { settleWithin } from '../../main/app/pure/shutdown.js';

describe('electronPailHome', () => {
  it('honours PAIL_HOME, else <appData>/Pail (what the CLI uses too)', () => {
    expect(electronPailHome({ PAIL_HOME: '/data/pail' }, '/home/p/.config')).toBe(path.resolve('/data/pail'));
    expect(electronPailHome({}, '/home/p/.config')).toBe(path.join('/home/p/.config', 'Pail'));
    expect(electronPailHome({ PAIL_HOME: '  ' }, '/home/p/.config')).toBe(path.join('/home/p/.config', 'Pail'));
  });
});

describe('appLayout', () => {
  it('finds the renderer and preload under dist/ of the app folder', () => {
    expect(appLayout('/opt/Pail/resources/app.asar')).toEqual({
      rendererRoot: path.join('/opt/Pail/resources/app.asar', 'dist', 'renderer'),
      preloadScript: path.join('/opt/Pail/resources/app.asar', 'dist', 'preload', 'preload.cjs'),
    });
  });
});

describe('settleWithin', () => {
  it('reports a close that finished in time', async () => {
    await expect(settleWithin(Promise.resolve(), 1_000)).resolves.toBe(true);
  });

  it('gives up on a close that hangs, and never rejects', async () => {
    await expect(settleWithin(new Promise(() => undefined), 10)).resolves.toBe(false);
    await expect(settleWithin(Promise.reject(new Error('boom')), 1_000)).resolves.toBe(false);
  });
});
