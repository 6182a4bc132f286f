import { readdir, stat } from 'node:fs/promises';
import { basename, join, posix, relative, resolve, sep } from 'node:path';
import { PailError } from '../errors/pail-error.js';
import { sdkClientOf, type S3Sender } from '../s3/deferred-client.js';
import { keysUnder } from '../s3/listing-service.js';
import { directRoute } from './direct-requests.js';
import { QUICK_RETRY, withRetry } from './retry.js';

/** One file of an upload request: where it is and the key it becomes. */
export interface LocalFile {
  path: string;
  key: string;
  size: number;
  mtimeMs: number;
}

/**
 * The files of an upload: each path as itself, each folder's files recursively, the folder's own
 * name and structure becoming key prefixes under `prefix`. A path that cannot be read is reported
 * as a file with size -1 (its transfer then fails with the reason; the rest goes on).
 */
export async function localFiles(paths: string[], prefix: string): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  for (const p of paths) {
    const root = resolve(p);
    const info = await stat(root).catch(() => undefined);
    if (!info) {
      out.push({ path: root, key: prefix + basename(root), size: -1, mtimeMs: 0 });
    } else if (info.isDirectory()) {
      await walk(root, `${prefix}${basename(root)}/`, out);
    } else {
      out.push({ path: root, key: prefix + basename(root), size: info.size, mtimeMs: Math.trunc(info.mtimeMs) });
    }
  }
  return out;
}

async function walk(dir: string, keyPrefix: string, out: LocalFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) await walk(full, `${keyPrefix}${e.name}/`, out);
    else if (e.isFile() || e.isSymbolicLink()) {
      const info = await stat(full).catch(() => undefined);
      if (info?.isFile()) out.push({ path: full, key: keyPrefix + e.name, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) });
      else if (info?.isDirectory()) await walk(full, `${keyPrefix}${e.name}/`, out);
    }
  }
}

/** One object of a download or copy request: its key, size, and its path below the destination. */
export interface RemoteObject {
  key: string;
  size: number;
  /** `/`-separated: the key's name, or for a folder the folder's name and everything below it. */
  relative: string;
}

/** The objects of `keys` and of everything under `prefixes` (folder markers left out). */
export async function remoteObjects(
  client: S3Sender,
  bucket: string,
  keys: string[],
  prefixes: string[],
  signal?: AbortSignal,
): Promise<RemoteObject[]> {
  const out: RemoteObject[] = keys.map((key) => ({ key, size: -1, relative: posix.basename(key) }));
  for (const prefix of prefixes) {
    const parent = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    const cut = parent.lastIndexOf('/') + 1;
    for await (const page of pagesUnder(client, bucket, prefix, signal)) {
      for (const o of page) if (!o.key.endsWith('/')) out.push({ key: o.key, size: o.size, relative: o.key.slice(cut) });
    }
  }
  return out;
}

/** Every key under `prefix`, page by page: through the direct path where the client has one. */
async function* pagesUnder(
  client: S3Sender,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): AsyncGenerator<{ key: string; size: number }[]> {
  const route = await directRoute(client);
  if (!route) return yield* keysUnder(await sdkClientOf(client), bucket, prefix, signal);
  let token: string | undefined;
  do {
    const request = { bucket, prefix, ...(token ? { token } : {}) };
    const page = await withRetry(() => route.listPage(request, signal), signal, QUICK_RETRY);
    yield page.objects;
    token = page.next;
  } while (token);
}

/** The local path for `relativeKey` under `destination`, refusing keys that would climb out of it. */
export function localPathFor(destination: string, relativeKey: string): string {
  const root = resolve(destination);
  const parts = relativeKey.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..') || parts.length === 0)
    throw new PailError('invalid-input', `The object name "${relativeKey}" cannot be saved as a file.`);
  const path = join(root, ...parts);
  if (relative(root, path).startsWith(`..${sep}`))
    throw new PailError('invalid-input', `The object name "${relativeKey}" cannot be saved as a file.`);
  return path;
}

/** `a.txt` → `a (1).txt`, `a (2).txt`…: the n-th "keep both" name. */
export function keepBothName(name: string, n: number): string {
  const slash = name.lastIndexOf('/') + 1;
  const base = name.slice(slash);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : '';
  return `${name.slice(0, slash)}${stem} (${n})${ext}`;
}
