import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { ClientTarget } from '../services/s3/client-factory.js';
import { LOCAL_CONNECTION_ID, type ClientRegistry } from '../services/s3/client-registry.js';
import type { PresignTarget } from '../services/sharing/presigner.js';
import type { SharingBackend } from '../services/sharing/sharing-service.js';

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

/** Sharing's view of the app's connections: targets to sign with and objects to stream. */
export function sharingBackend(clients: ClientRegistry): SharingBackend {
  return {
    target: async (id) => presignTargetOf(await clients.target(id)),
    isLocal: (id) => id === LOCAL_CONNECTION_ID,
    async getObject(id, bucket, key) {
      const object = await (await clients.client(id)).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return {
        body: object.Body as Readable,
        ...(object.ContentType ? { contentType: object.ContentType } : {}),
        ...(object.ContentLength !== undefined ? { contentLength: object.ContentLength } : {}),
      };
    },
    async objectSize(id, bucket, key) {
      try {
        return (await (await clients.client(id)).send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength;
      } catch {
        return undefined;
      }
    },
  };
}
