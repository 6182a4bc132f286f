// Bundles the Electron main process and the preload into dist/ (`npm run build:electron`).
import { build, type BuildOptions } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { externalImports, runtimeRequireProblems, shippedPackages } from './lib/bundle-checks.js';
import { needsBuild } from './lib/freshness.js';

/** The repository root: scripts/ sits right under it. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What `npm run build:electron` produces, relative to the output folder (dist/). */
export const MAIN_BUNDLE = 'main/main.cjs';
export const PRELOAD_BUNDLE = 'preload/preload.cjs';
/** What those bundles are built from, relative to the repository root. */
export const ELECTRON_INPUTS = ['main', 'preload', 'package.json'] as const;
/** What `npm run build:renderer` produces and is built from, relative to the repository root. */
export const RENDERER_OUTPUTS = ['dist/renderer/index.html'] as const;
export const RENDERER_INPUTS = ['renderer', 'preload/contract', 'package.json'] as const;

/**
 * The repository's dist/ with up-to-date Electron bundles, built only when a bundle is missing or
 * older than its sources. `npm test` builds once before the tests; tests that need the bundles
 * copy them from here instead of bundling again.
 */
export async function freshElectronBundles(root: string = REPO_ROOT): Promise<string> {
  const dist = path.join(root, 'dist');
  const outputs = [MAIN_BUNDLE, PRELOAD_BUNDLE].map((file) => path.join(dist, file));
  if (
    await needsBuild(
      outputs,
      ELECTRON_INPUTS.map((input) => path.join(root, input)),
    )
  )
    await buildElectron({ root, outDir: dist });
  return dist;
}

/** Whether dist/renderer is missing or older than the renderer's sources (or the contract). */
export async function rendererNeedsBuild(root: string = REPO_ROOT): Promise<boolean> {
  const at = (paths: readonly string[]) => paths.map((p) => path.join(root, p));
  return needsBuild(at(RENDERER_OUTPUTS), at(RENDERER_INPUTS));
}

export interface BuildElectronOptions {
  /** The repository root (default: this checkout). */
  root?: string;
  /** Where `main/` and `preload/` bundles go (default: `<root>/dist`). */
  outDir?: string;
}

/**
 * Builds both bundles. The main process bundles Pail's own TypeScript and leaves every package
 * external (`packages: 'external'`): production dependencies ship in app.asar's node_modules
 * anyway, and keytar is a native module that must be loaded from disk at run time. The
 * sandboxed preload can require nothing but electron, so everything else is bundled into it.
 * Fails when a bundle would require something the packaged app does not have.
 */
export async function buildElectron(options: BuildElectronOptions = {}): Promise<void> {
  const root = options.root ?? REPO_ROOT;
  const outDir = options.outDir ?? path.join(root, 'dist');
  const mainFile = path.join(outDir, MAIN_BUNDLE);
  const preloadFile = path.join(outDir, PRELOAD_BUNDLE);
  const common: BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  };
  const main = await build({
    ...common,
    entryPoints: ['main/app/main.ts'],
    outfile: mainFile,
    // Electron 45 runs Node 22.
    target: 'node22',
    packages: 'external',
    external: ['electron', 'keytar'],
    // The sources are ES modules; `import.meta.url` is empty in CommonJS, so give it this
    // file's URL. Modules that resolve files relative to it (main/api/core.ts reads
    // ../../package.json) sit two folders deep, as dist/main/main.cjs does.
    define: { 'import.meta.url': '__pailImportMetaUrl' },
    banner: { js: "'use strict';\nconst __pailImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  const preload = await build({
    ...common,
    entryPoints: ['preload/index.ts'],
    outfile: preloadFile,
    // Electron 45 is Chromium 140.
    target: 'chrome140',
    external: ['electron'],
  });

  const packageJson = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as Parameters<typeof shippedPackages>[0];
  const outputKey = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const problems = [
    ...runtimeRequireProblems(externalImports(main.metafile, outputKey(mainFile)), {
      allow: ['electron'],
      allowBuiltins: true,
      shipped: shippedPackages(packageJson),
    }).map((p) => `${MAIN_BUNDLE} requires ${p}`),
    ...runtimeRequireProblems(externalImports(preload.metafile, outputKey(preloadFile)), {
      allow: ['electron'],
      allowBuiltins: false,
      shipped: [],
    }).map((p) => `${PRELOAD_BUNDLE} (sandboxed: only electron) requires ${p}`),
  ];
  if (problems.length > 0) throw new Error(`The Electron bundles would fail at run time:\n  ${problems.join('\n  ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildElectron().then(
    () => console.log(`Built dist/${MAIN_BUNDLE} and dist/${PRELOAD_BUNDLE}.`),
    (error: unknown) => {
      // esbuild prints its own errors with locations; ours (runtime requires) carry their text.
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
