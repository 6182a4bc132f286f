import type { _Object, CommonPrefix } from '@aws-sdk/client-s3';
import type { ObjectEntry } from '../../../preload/contract/types.js';

/** The last path segment of a key or folder prefix, as the list shows it. */
export function displayName(key: string, prefix: string): string {
  return key.slice(prefix.length) || key;
}

/** Rows for one listing page: folders from common prefixes, objects from contents. */
export function toEntries(prefix: string, contents: _Object[] | undefined, commonPrefixes: CommonPrefix[] | undefined): ObjectEntry[] {
  const entries: ObjectEntry[] = [];
  for (const cp of commonPrefixes ?? []) {
    if (cp.Prefix) entries.push({ key: cp.Prefix, name: displayName(cp.Prefix, prefix), kind: 'folder' });
  }
  for (const obj of contents ?? []) {
    // The folder marker of the prefix itself is the folder we are in, not a row in it.
    if (!obj.Key || obj.Key === prefix) continue;
    const entry: ObjectEntry = { key: obj.Key, name: displayName(obj.Key, prefix), kind: 'object', size: obj.Size ?? 0 };
    if (obj.LastModified) entry.lastModified = obj.LastModified.toISOString();
    if (obj.StorageClass) entry.storageClass = obj.StorageClass;
    if (obj.ETag) entry.etag = obj.ETag;
    entries.push(entry);
  }
  return entries;
}
