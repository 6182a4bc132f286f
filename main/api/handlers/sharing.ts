import type { ClientTarget } from '../../services/s3/client-factory.js';
import { LOCAL_CONNECTION_ID, objectUrl } from '../../services/s3/client-registry.js';
import { ClockSkewCache } from '../../services/sharing/clock-skew.js';
import { presignLinks } from '../../services/sharing/presign-links.js';
import { endpointOf, type PresignTarget } from '../../services/sharing/presigner.js';
import { isPubliclyReadable } from '../../services/sharing/public-url.js';
import { presignRequest, schemas } from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

/** Presigned links and public URLs. */
export function sharingHandlers({ clients, settings }: HandlerDeps) {
  const skew = new ClockSkewCache();
  return {
    presignLinks: {
      args: [presignRequest],
      async run(request) {
        const target = presignTargetOf(await clients.target(request.connectionId));
        // The local bucket shares this computer's clock: nothing to measure.
        const skewSeconds = request.connectionId === LOCAL_CONNECTION_ID ? undefined : await skew.skew(endpointOf(target));
        return presignLinks({
          target,
          bucket: request.bucket,
          keys: request.keys,
          method: request.method,
          expiresIn: request.expiresIn ?? settings.get().linkExpirySeconds,
          skewSeconds,
          ...(request.contentType ? { contentType: request.contentType } : {}),
          ...(request.downloadAs ? { downloadAs: request.downloadAs } : {}),
          ...(request.responseContentType ? { responseContentType: request.responseContentType } : {}),
        });
      },
    },
    getPublicUrl: {
      args: [schemas.id, schemas.bucket, schemas.key.min(1)],
      async run(id, bucket, key) {
        const url = objectUrl(clients.profile(id), bucket, key);
        return { url, public: await isPubliclyReadable(url) };
      },
    },
  } satisfies DomainHandlers;
}

/** A connection's client target as the presigner takes it. */
export function presignTargetOf({ profile, secret }: ClientTarget): PresignTarget {
  return {
    region: profile.region,
    endpoint: profile.endpoint,
    forcePathStyle: profile.forcePathStyle,
    credentials: {
      accessKeyId: profile.accessKeyId,
      secretAccessKey: secret.secretAccessKey,
      ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}),
    },
  };
}
