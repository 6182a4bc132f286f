import type { LocalBucketStatus } from '../../../preload/contract';

/** The embedded local bucket, as main last reported it. */
export interface LocalBucketSlice {
  localBucket: LocalBucketStatus | null;
}

export function createLocalBucketSlice(): LocalBucketSlice {
  return { localBucket: null };
}
