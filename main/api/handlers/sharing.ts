import { objectUrl } from '../../services/s3/client-registry.js';
import { getBucketCors, putBucketCors } from '../../services/sharing/bucket-cors.js';
import { inspectLink } from '../../services/sharing/inspect-link.js';
import { isPubliclyReadable } from '../../services/sharing/public-url.js';
import { bucketCorsRules, linkText, presignRequest, protectedLinkRequest, schemas } from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

/** Presigned and protected links, public URLs, the inspector and the share history. */
export function sharingHandlers({ clients, settings, sharing }: HandlerDeps) {
  return {
    presignLinks: {
      args: [presignRequest],
      run: async (request) => sharing.presign({ ...request, expiresIn: request.expiresIn ?? settings.get().linkExpirySeconds }),
    },
    getPublicUrl: {
      args: [schemas.id, schemas.bucket, schemas.key.min(1)],
      async run(id, bucket, key) {
        const url = objectUrl(clients.profile(id), bucket, key);
        return { url, public: await isPubliclyReadable(url) };
      },
    },
    inspectLink: { args: [linkText], run: async (url) => inspectLink(url) },
    createProtectedLink: { args: [protectedLinkRequest], run: async (request) => sharing.createProtected(request) },
    listProtectedLinks: { args: [], run: async () => sharing.listProtected() },
    revokeProtectedLink: { args: [schemas.id], run: async (id) => sharing.revoke(id) },
    listShareHistory: { args: [], run: async () => sharing.listHistory() },
    getBucketCors: {
      args: [schemas.id, schemas.bucket],
      run: async (id, bucket) => getBucketCors(await clients.client(id), bucket),
    },
    putBucketCors: {
      args: [schemas.id, schemas.bucket, bucketCorsRules],
      async run(id, bucket, rules) {
        await putBucketCors(await clients.client(id), bucket, rules);
        return null;
      },
    },
  } satisfies DomainHandlers;
}
