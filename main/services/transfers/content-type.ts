import { extname } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.log': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.ts': 'text/plain',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.wasm': 'application/wasm',
};

/** The Content-Type an upload gets from its file name; opaque bytes when the extension is unknown. */
export function contentTypeFor(name: string): string {
  return TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** What the app can show in place, from the object's type (or, when that says nothing, its name). */
export type PreviewKind = 'image' | 'text' | 'pdf' | 'audio' | 'video' | null;

/** Text is previewed only up to this size; larger text files are downloaded instead. */
export const TEXT_PREVIEW_LIMIT = 2 * 1024 * 1024;

export function previewKind(contentType: string, key: string, size: number): PreviewKind {
  let type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!type || type === 'application/octet-stream' || type === 'binary/octet-stream') type = contentTypeFor(key);
  // SVG can carry script; it is shown as an image (an <img> never runs it) only.
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('text/') || ['application/json', 'application/xml', 'application/yaml'].includes(type)) {
    return size <= TEXT_PREVIEW_LIMIT ? 'text' : null;
  }
  return null;
}
