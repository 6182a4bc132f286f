import type { PublicUrlInfo } from '../../../preload/contract';

/** What sharing remembers in the window: which objects answer without a signature. */
export interface ShareSlice {
  /** By `publicUrlKey(connectionId, bucket, key)`; filled as objects are looked at. */
  publicUrls: Readonly<Record<string, PublicUrlInfo>>;
}

export function createShareSlice(): ShareSlice {
  return { publicUrls: {} };
}

/** The key of an object in `publicUrls`. */
export function publicUrlKey(connectionId: string, bucket: string, key: string): string {
  return `${connectionId}\n${bucket}\n${key}`;
}
