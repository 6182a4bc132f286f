import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ConnectionInput, ConnectionTestResult } from '../../../preload/contract/types.js';
import { listAwsProfiles, readAwsProfileSecret } from '../../services/credentials/aws-profiles.js';
import { resolveEndpoint } from '../../services/credentials/providers.js';
import { PailError } from '../../services/errors/pail-error.js';
import { createS3Client } from '../../services/s3/client-factory.js';
import { LOCAL_CONNECTION_ID } from '../../services/s3/client-registry.js';
import { toApiError } from '../to-api-error.js';
import { connectionInput, schemas } from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

/** Saved connections, their keychain secrets, testing and importing AWS profiles. */
export function connectionHandlers(deps: HandlerDeps) {
  const { connections, clients, events } = deps;
  const allConnections = () => [clients.localProfile(), ...connections.list()];
  const connectionsChanged = () => events.emit('didChangeConnections', allConnections());

  return {
    listConnections: { args: [], run: async () => allConnections() },
    addConnection: {
      args: [connectionInput],
      async run(input) {
        const profile = await connections.add(input);
        connectionsChanged();
        return profile;
      },
    },
    updateConnection: {
      args: [schemas.id, connectionInput],
      async run(id, input) {
        const profile = await connections.update(id, input);
        clients.invalidate(id);
        connectionsChanged();
        return profile;
      },
    },
    removeConnection: {
      args: [schemas.id],
      async run(id) {
        if (id === LOCAL_CONNECTION_ID) {
          throw new PailError('invalid-input', 'The local bucket is built in and cannot be removed. Stop it from its panel instead.');
        }
        await connections.remove(id);
        clients.invalidate(id);
        connectionsChanged();
        return null;
      },
    },
    testConnection: {
      args: [connectionInput, schemas.id.optional()],
      run: async (input, existingId) => testConnection(deps, input, existingId),
    },
    listAwsProfiles: { args: [], run: async () => listAwsProfiles({}) },
    importAwsProfile: {
      args: [schemas.id],
      async run(name) {
        const found = await readAwsProfileSecret(name, {});
        const input: ConnectionInput = {
          name: `AWS profile ${name}`,
          provider: found.endpoint ? 'custom' : 'aws',
          accessKeyId: found.accessKeyId,
          secretAccessKey: found.secretAccessKey,
          ...(found.sessionToken ? { sessionToken: found.sessionToken } : {}),
          ...(found.region ? { region: found.region } : {}),
          ...(found.endpoint ? { endpoint: found.endpoint } : {}),
          ...(found.forcePathStyle !== undefined ? { forcePathStyle: found.forcePathStyle } : {}),
        };
        const profile = await connections.add(input);
        connectionsChanged();
        return profile;
      },
    },
  } satisfies DomainHandlers;
}

/** Lists buckets with the given settings and explains any failure in words a person can act on. */
async function testConnection(deps: HandlerDeps, input: ConnectionInput, existingId?: string): Promise<ConnectionTestResult> {
  let client: S3Client | undefined;
  try {
    const resolved = resolveEndpoint(input);
    const stored = existingId ? await deps.connections.secret(existingId) : undefined;
    const secretAccessKey = input.secretAccessKey || stored?.secretAccessKey;
    if (!secretAccessKey) return { ok: false, code: 'invalid-input', message: 'Enter the secret access key to test the connection.' };
    const sessionToken = input.sessionToken || stored?.sessionToken;
    client = createS3Client({
      profile: { provider: input.provider, ...resolved, accessKeyId: input.accessKeyId.trim() },
      secret: { secretAccessKey: secretAccessKey.trim(), ...(sessionToken ? { sessionToken } : {}) },
    });
    const res = await client.send(new ListBucketsCommand({}));
    const count = res.Buckets?.length ?? 0;
    return { ok: true, message: `Connected. ${count} bucket${count === 1 ? '' : 's'} found.`, bucketCount: count };
  } catch (err) {
    const error = toApiError(err, input.endpoint?.trim() || (input.provider === 'aws' ? 'AWS' : 'the server'), deps.log);
    return { ok: false, code: error.code, message: error.message };
  } finally {
    client?.destroy();
  }
}
