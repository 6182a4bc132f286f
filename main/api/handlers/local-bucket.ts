import { localBucketConfig } from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

/** The embedded local bucket: status, start, stop, port and data folder, and its key pair on request. */
export function localBucketHandlers({ localBucket }: HandlerDeps) {
  return {
    getLocalBucketStatus: { args: [], run: async () => localBucket.status() },
    startLocalBucket: { args: [], run: async () => localBucket.start() },
    stopLocalBucket: { args: [], run: async () => localBucket.stop() },
    configureLocalBucket: { args: [localBucketConfig], run: async (config) => localBucket.configure(config) },
    revealLocalBucketSecret: { args: [], run: async () => localBucket.revealSecret() },
  } satisfies DomainHandlers;
}
