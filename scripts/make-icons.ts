// Renders build/icon.svg into every icon packaging needs (`npm run icons`): build/icons/NxN.png
// for Linux, build/icon.ico for Windows, build/icon.icns for macOS. The results are committed,
// so packaging never needs this script or its renderer; a test checks they match the SVG.
import { Resvg } from '@resvg/resvg-js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ICNS_TYPES, ICO_SIZES, LINUX_ICON_SIZES, encodeIcns, encodeIco, unpremultiply, type IconImage } from './lib/icon-files.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The one source drawing, relative to the repository root. */
export const ICON_SOURCE = 'build/icon.svg';

/** Every generated file (relative to the output folder, `build/` by default) with its bytes. */
export async function renderIcons(svg: Buffer): Promise<Map<string, Buffer>> {
  const sizes = new Set<number>([...LINUX_ICON_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size)]);
  const images = new Map<number, IconImage>();
  for (const size of [...sizes].sort((a, b) => a - b)) {
    const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
    images.set(size, { size, png: Buffer.from(rendered.asPng()), rgba: unpremultiply(rendered.pixels) });
  }
  const files = new Map<string, Buffer>();
  for (const size of LINUX_ICON_SIZES) files.set(`icons/${size}x${size}.png`, images.get(size)!.png);
  files.set('icon.ico', encodeIco(ICO_SIZES.map((size) => images.get(size)!)));
  files.set('icon.icns', encodeIcns([...images.values()]));
  return files;
}

/** Renders `<root>/build/icon.svg` and writes the icons under `outDir` (default `<root>/build`). */
export async function makeIcons(options: { root?: string; outDir?: string } = {}): Promise<string[]> {
  const root = options.root ?? REPO_ROOT;
  const outDir = options.outDir ?? path.join(root, 'build');
  const files = await renderIcons(await readFile(path.join(root, ICON_SOURCE)));
  for (const [name, bytes] of files) {
    await mkdir(path.dirname(path.join(outDir, name)), { recursive: true });
    await writeFile(path.join(outDir, name), bytes);
  }
  return [...files.keys()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  makeIcons().then(
    (written) => console.log(`Wrote ${written.length} icons from ${ICON_SOURCE}.`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
