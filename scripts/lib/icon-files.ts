// The icon containers electron-builder wants (Windows .ico, macOS .icns), written from square
// images, and the few readers the tests use to check them. No dependency: both formats are a
// small directory in front of PNG (or, for small .ico entries, BMP) images.

/** One square image: its size and its PNG bytes, plus its straight-alpha RGBA pixels for BMP entries. */
export interface IconImage {
  size: number;
  png: Buffer;
  /** Row-major RGBA, 4 bytes a pixel, not premultiplied. */
  rgba: Buffer;
}

/** The sizes Pail ships as Linux PNGs (build/icons/NxN.png). */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** The sizes inside icon.ico. Windows wants 256 for its large views and the installer. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** icon.icns entries: OSType → pixel size (the @2x types hold the doubled size). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
] as const;

/**
 * A Windows .ico: entries up to 64 px as 32-bit BMPs (what every Windows and NSIS reads),
 * larger ones as PNG (what Windows Vista and later read for big icons, and far smaller).
 */
export function encodeIco(images: readonly IconImage[]): Buffer {
  const payloads = images.map((image) => (image.size <= 64 ? bmpEntry(image) : image.png));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  let offset = header.length + directory.length;
  images.forEach((image, index) => {
    const at = index * 16;
    directory.writeUInt8(image.size >= 256 ? 0 : image.size, at);
    directory.writeUInt8(image.size >= 256 ? 0 : image.size, at + 1);
    directory.writeUInt16LE(1, at + 4);
    directory.writeUInt16LE(32, at + 6);
    directory.writeUInt32LE(payloads[index]!.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += payloads[index]!.length;
  });
  return Buffer.concat([header, directory, ...payloads]);
}

/** A BITMAPINFOHEADER image as .ico stores it: bottom-up BGRA rows, then an all-clear AND mask. */
function bmpEntry({ size, rgba }: IconImage): Buffer {
  const maskRow = Math.ceil(size / 32) * 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2]!;
      pixels[to + 1] = rgba[from + 1]!;
      pixels[to + 2] = rgba[from]!;
      pixels[to + 3] = rgba[from + 3]!;
    }
  }
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  // Height counts the colour bitmap and the AND mask together.
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + maskRow * size, 20);
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

/** A macOS .icns holding PNG entries of every type in ICNS_TYPES, each from the image of its size. */
export function encodeIcns(images: readonly IconImage[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = bySize.get(size);
    if (!png) throw new Error(`icon.icns needs a ${size}px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/** A PNG's width and height from its IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Each .ico entry's pixel size and encoding, read from the file's directory and image headers. */
export function readIcoEntries(ico: Buffer): Array<{ size: number; format: 'png' | 'bmp' }> {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an .ico file');
  const entries: Array<{ size: number; format: 'png' | 'bmp' }> = [];
  for (let index = 0; index < ico.readUInt16LE(4); index++) {
    const at = 6 + index * 16;
    const size = ico.readUInt8(at) || 256;
    const image = ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8));
    if (image.readUInt32BE(0) === 0x89504e47) {
      const { width, height } = pngSize(image);
      if (width !== size || height !== size) throw new Error(`.ico entry ${index} says ${size}px but holds ${width}×${height}`);
      entries.push({ size, format: 'png' });
    } else {
      if (image.readUInt32LE(0) !== 40 || image.readInt32LE(4) !== size) throw new Error(`.ico entry ${index} is not a ${size}px bitmap`);
      entries.push({ size, format: 'bmp' });
    }
  }
  return entries;
}

/** Each .icns entry's type and the pixel size of the PNG it holds. */
export function readIcnsEntries(icns: Buffer): Array<{ type: string; size: number }> {
  if (icns.toString('ascii', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length) throw new Error('not an .icns file');
  const entries: Array<{ type: string; size: number }> = [];
  for (let at = 8; at < icns.length;) {
    const length = icns.readUInt32BE(at + 4);
    const { width } = pngSize(icns.subarray(at + 8, at + length));
    entries.push({ type: icns.toString('ascii', at, at + 4), size: width });
    at += length;
  }
  return entries;
}

/** Straight-alpha RGBA from premultiplied RGBA (what resvg renders). */
export function unpremultiply(premultiplied: Uint8Array): Buffer {
  const out = Buffer.from(premultiplied);
  for (let at = 0; at < out.length; at += 4) {
    const alpha = out[at + 3]!;
    if (alpha === 0 || alpha === 255) continue;
    for (let channel = 0; channel < 3; channel++) out[at + channel] = Math.min(255, Math.round((out[at + channel]! * 255) / alpha));
  }
  return out;
}
