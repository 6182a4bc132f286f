/**
 * Content types for what a Vite build emits. Chromium refuses module scripts served with a
 * non-JavaScript type and, with `nosniff`, stylesheets without text/css, so this must be right.
 */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Unknown types are served as opaque bytes, which `nosniff` keeps from being executed. */
export const FALLBACK_MIME_TYPE = 'application/octet-stream';

/** The Content-Type for a file path, by its extension (case-insensitive). */
export function mimeTypeFor(filePath: string): string {
  const match = /\.[^./\\]+$/.exec(filePath);
  if (!match) return FALLBACK_MIME_TYPE;
  return MIME_BY_EXTENSION[match[0].toLowerCase()] ?? FALLBACK_MIME_TYPE;
}
