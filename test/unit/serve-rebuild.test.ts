import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rendererBuildIsStale } from '../../main/cli/serve-command.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pail-serve-build-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function file(relative: string, seconds: number): Promise<void> {
  const path = join(root, relative);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, 'x');
  await utimes(path, seconds, seconds);
}

describe('npm run serve rebuilds the renderer', () => {
  it('when the build is missing, or older than the renderer or the contract', async () => {
    const dist = join(root, 'dist', 'renderer');
    await file('renderer/src/App.tsx', 1_000);
    await file('preload/contract/channels.ts', 1_000);
    expect(rendererBuildIsStale(root, dist)).toBe(true);
    await file('dist/renderer/index.html', 2_000);
    expect(rendererBuildIsStale(root, dist)).toBe(false);
    await file('preload/contract/channels.ts', 3_000);
    expect(rendererBuildIsStale(root, dist)).toBe(true);
    await file('dist/renderer/index.html', 4_000);
    await file('renderer/src/App.tsx', 5_000);
    expect(rendererBuildIsStale(root, dist)).toBe(true);
  });

  it('never in an installed app, which has no sources', async () => {
    expect(rendererBuildIsStale(root, join(root, 'dist', 'renderer'))).toBe(false);
  });
});
