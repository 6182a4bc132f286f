/**
 * Where the object list is: a connection's bucket list (`bucket: null`), or one prefix of a
 * bucket ('' is the bucket's root). Prefixes always end with '/' except the root.
 */
export interface Location {
  connectionId: string;
  bucket: string | null;
  prefix: string;
}

/** True when both name the same place. */
export function sameLocation(a: Location | null, b: Location | null): boolean {
  if (!a || !b) return a === b;
  return a.connectionId === b.connectionId && a.bucket === b.bucket && a.prefix === b.prefix;
}

/** One level up: prefix → parent prefix → bucket root → the connection's bucket list; null at the top. */
export function parentLocation(location: Location): Location | null {
  if (location.bucket === null) return null;
  if (location.prefix === '') return { connectionId: location.connectionId, bucket: null, prefix: '' };
  return { ...location, prefix: parentPrefix(location.prefix) };
}

/** 'a/b/c/' → 'a/b/'; 'a/' → ''. */
export function parentPrefix(prefix: string): string {
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash + 1);
}

/** Every prefix from the root down to `prefix` itself: 'a/b/' → ['a/', 'a/b/']. */
export function prefixChain(prefix: string): string[] {
  const chain: string[] = [];
  let at = 0;
  while (at < prefix.length) {
    const slash = prefix.indexOf('/', at);
    if (slash < 0) break;
    chain.push(prefix.slice(0, slash + 1));
    at = slash + 1;
  }
  return chain;
}

/** The last segment of a key or folder prefix, without its trailing '/': 'a/b/' → 'b'. */
export function baseName(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  // A key made only of slashes has no segment to show; show it whole rather than nothing.
  return name || key;
}

/** `s3://bucket/key`, the form the aws CLI and most tools accept. */
export function s3Uri(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`;
}
