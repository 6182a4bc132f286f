import { ListBucketsCommand, CreateBucketCommand, DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { ApiResult } from '../../preload/contract/errors.js';
import type { MethodName, PailMethods } from '../../preload/contract/channels.js';
import type { ConnectionInput, ConnectionTestResult } from '../../preload/contract/types.js';
import type { ConnectionStore } from '../services/credentials/connection-store.js';
import { listAwsProfiles, readAwsProfileSecret } from '../services/credentials/aws-profiles.js';
import { resolveEndpoint } from '../services/credentials/providers.js';
import type { SecretStore } from '../services/credentials/secret-store.js';
import type { EventSink } from '../services/events/event-sink.js';
import type { LocalBucketManager } from '../services/local-bucket/local-bucket-manager.js';
import { createS3Client } from '../services/s3/client-factory.js';
import { ClientRegistry, LOCAL_CONNECTION_ID, objectUrl } from '../services/s3/client-registry.js';
import { listFolders, runListing } from '../services/s3/listing-service.js';
import { countSelection, createFolder, deleteSelection, moveObjects, objectDetails } from '../services/s3/object-ops.js';
import type { SettingsStore } from '../services/settings/settings-store.js';
import type { HandlerTable } from './handler-table.js';
import { toApiError, UnsupportedError } from './to-api-error.js';
import {
  connectionInput,
  listingRequest,
  localBucketConfig,
  moveRequest,
  objectSelection,
  operationSelection,
  parseArgs,
  schemas,
  settingsPatch,
} from './validate.js';

/** What the handlers work with; built once by createPailCore. */
export interface HandlerDeps {
  version: string;
  transport: 'electron' | 'browser';
  secretStore: SecretStore;
  connections: ConnectionStore;
  clients: ClientRegistry;
  localBucket: LocalBucketManager;
  settings: SettingsStore;
  events: EventSink;
  writeClipboard?: (text: string) => Promise<void>;
}

type Impl = { [K in MethodName]: (args: unknown[]) => Promise<ReturnType<PailMethods[K]>> };

/**
 * The handler table: validates each call's arguments, runs the services, and turns every failure
 * into `{ code, message }` data. Both transports call exactly this.
 */
export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  const listings = new Map<string, AbortController>();
  const { connections, clients, localBucket, settings, events } = deps;

  const connectionsChanged = () => events.emit('didChangeConnections', allConnections());
  const allConnections = () => [clients.localProfile(), ...connections.list()];

  const impl: Impl = {
    async getAppInfo() {
      return { version: deps.version, transport: deps.transport, secretStorage: deps.secretStore.kind };
    },

    async listConnections() {
      return allConnections();
    },
    async addConnection(args) {
      const [input] = parseArgs(args, connectionInput);
      const profile = await connections.add(input);
      connectionsChanged();
      return profile;
    },
    async updateConnection(args) {
      const [id, input] = parseArgs(args, schemas.id, connectionInput);
      const profile = await connections.update(id, input);
      clients.invalidate(id);
      connectionsChanged();
      return profile;
    },
    async removeConnection(args) {
      const [id] = parseArgs(args, schemas.id);
      if (id === LOCAL_CONNECTION_ID)
        throw new RangeError('The local bucket is built in and cannot be removed. Stop it from its panel instead.');
      await connections.remove(id);
      clients.invalidate(id);
      connectionsChanged();
      return null;
    },
    async testConnection(args) {
      const [input, existingId] = parseArgs(args, connectionInput, schemas.id.optional());
      return testConnection(input, existingId);
    },
    async listAwsProfiles() {
      return listAwsProfiles({});
    },
    async importAwsProfile(args) {
      const [name] = parseArgs(args, schemas.id);
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

    async listBuckets(args) {
      const [id] = parseArgs(args, schemas.id);
      const res = await (await clients.client(id)).send(new ListBucketsCommand({}));
      return (res.Buckets ?? [])
        .filter((b) => b.Name)
        .map((b) => ({ name: b.Name!, ...(b.CreationDate ? { created: b.CreationDate.toISOString() } : {}) }));
    },
    async createBucket(args) {
      const [id, name] = parseArgs(args, schemas.id, schemas.bucket);
      const profile = clients.profile(id);
      const region = profile.region;
      await (
        await clients.client(id)
      ).send(
        new CreateBucketCommand({
          Bucket: name,
          // AWS wants the region spelled out everywhere but us-east-1.
          ...(profile.provider === 'aws' && region && region !== 'us-east-1'
            ? { CreateBucketConfiguration: { LocationConstraint: region as never } }
            : {}),
        }),
      );
      return null;
    },
    async deleteBucket(args) {
      const [id, name] = parseArgs(args, schemas.id, schemas.bucket);
      await (await clients.client(id)).send(new DeleteBucketCommand({ Bucket: name }));
      return null;
    },

    async listObjects(args) {
      const [request] = parseArgs(args, listingRequest);
      const source = await clients.pageSource(request.connectionId, request.bucket, request.prefix);
      const controller = new AbortController();
      listings.get(request.listingId)?.abort();
      listings.set(request.listingId, controller);
      try {
        return await runListing({
          listingId: request.listingId,
          prefix: request.prefix,
          source,
          signal: controller.signal,
          onPage: (page) => events.emit('didListPage', page),
        });
      } finally {
        if (listings.get(request.listingId) === controller) listings.delete(request.listingId);
      }
    },
    async cancelListing(args) {
      const [listingId] = parseArgs(args, schemas.id);
      listings.get(listingId)?.abort();
      return null;
    },
    async listFolders(args) {
      const [id, bucket, prefix] = parseArgs(args, schemas.id, schemas.bucket, schemas.key);
      return listFolders(await clients.pageSource(id, bucket, prefix), prefix);
    },
    async createFolder(args) {
      const [id, bucket, key] = parseArgs(args, schemas.id, schemas.bucket, schemas.key.min(1));
      await createFolder(await clients.client(id), bucket, key);
      return null;
    },
    async countObjects(args) {
      const [selection] = parseArgs(args, objectSelection);
      return countSelection(await clients.client(selection.connectionId), selection);
    },
    async deleteObjects(args) {
      const [selection] = parseArgs(args, operationSelection);
      return deleteSelection(await clients.client(selection.connectionId), selection, selection.operationId, (e) =>
        events.emit('didProgress', e),
      );
    },
    async moveObjects(args) {
      const [request] = parseArgs(args, moveRequest);
      return moveObjects(await clients.client(request.connectionId), request.bucket, request.from, request.to, request.operationId, (e) =>
        events.emit('didProgress', e),
      );
    },
    async getObjectDetails(args) {
      const [id, bucket, key] = parseArgs(args, schemas.id, schemas.bucket, schemas.key.min(1));
      return objectDetails(await clients.client(id), bucket, key, objectUrl(clients.profile(id), bucket, key));
    },

    async getLocalBucketStatus() {
      return localBucket.status();
    },
    async startLocalBucket() {
      return localBucket.start();
    },
    async stopLocalBucket() {
      return localBucket.stop();
    },
    async configureLocalBucket(args) {
      const [config] = parseArgs(args, localBucketConfig);
      return localBucket.configure(config);
    },

    async getSettings() {
      return settings.get();
    },
    async updateSettings(args) {
      const [patch] = parseArgs(args, settingsPatch);
      return settings.update(patch);
    },

    async writeClipboard(args) {
      const [text] = parseArgs(args, schemas.text);
      if (!deps.writeClipboard) throw new UnsupportedError('In browser mode the page copies to the clipboard itself.');
      await deps.writeClipboard(text);
      return null;
    },
  };

  /** Lists buckets with the given settings and explains any failure in words a person can act on. */
  async function testConnection(input: ConnectionInput, existingId?: string): Promise<ConnectionTestResult> {
    let client: S3Client | undefined;
    try {
      const resolved = resolveEndpoint(input);
      const stored = existingId ? await connections.secret(existingId) : undefined;
      const secretAccessKey = input.secretAccessKey || stored?.secretAccessKey;
      if (!secretAccessKey) return { ok: false, code: 'invalid-input', message: 'Enter the secret access key to test the connection.' };
      client = createS3Client({
        profile: { provider: input.provider, ...resolved, accessKeyId: input.accessKeyId.trim() },
        secret: {
          secretAccessKey: secretAccessKey.trim(),
          ...(input.sessionToken
            ? { sessionToken: input.sessionToken }
            : stored?.sessionToken
              ? { sessionToken: stored.sessionToken }
              : {}),
        },
      });
      const res = await client.send(new ListBucketsCommand({}));
      const count = res.Buckets?.length ?? 0;
      return { ok: true, message: `Connected. ${count} bucket${count === 1 ? '' : 's'} found.`, bucketCount: count };
    } catch (err) {
      const error = toApiError(err, input.endpoint?.trim() || (input.provider === 'aws' ? 'AWS' : 'the server'));
      return { ok: false, code: error.code, message: error.message };
    } finally {
      client?.destroy();
    }
  }

  const table = {} as Record<MethodName, (args: unknown[]) => Promise<ApiResult<unknown>>>;
  for (const name of Object.keys(impl) as MethodName[]) {
    table[name] = async (args: unknown[]) => {
      try {
        return { ok: true, value: await impl[name](Array.isArray(args) ? args : []) };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    };
  }
  return table as HandlerTable;
}
