import {
  EVENT_NAMES,
  METHOD_NAMES,
  subscriberName,
  type ApiError,
  type ApiResult,
  type AppInfo,
  type AwsProfileCandidate,
  type ConnectionInput,
  type ConnectionProfile,
  type ConnectionTestResult,
  type EventName,
  type LocalBucketStatus,
  type MethodName,
  type ObjectEntry,
  type ObjectSelection,
  type PailApi,
  type PailEvents,
  type PailMethods,
  type BucketCorsRule,
  type ProtectedLink,
  type Settings,
  type UnfinishedUpload,
} from '../../../preload/contract';
import { createFakeQueue, type FakeQueue } from './fake-transfers';

/** An object in the fake's memory. */
export interface FakeObject {
  key: string;
  size: number;
  lastModified?: string;
  storageClass?: string;
}

/** What the fake starts with. */
export interface FakeSeed {
  appInfo?: Partial<AppInfo>;
  /** Extra connections besides the built-in local bucket. */
  connections?: Array<Partial<ConnectionProfile> & { id: string; name: string }>;
  /** Buckets and their objects, by connection id then bucket name. */
  buckets?: Record<string, Record<string, FakeObject[]>>;
  awsProfiles?: AwsProfileCandidate[];
  testResult?: ConnectionTestResult;
  /** Entries per listing page (main sends 1,000). */
  pageSize?: number;
  /** When true, listing pages wait for `releasePages()`: tests can look at a listing in progress. */
  holdListings?: boolean;
  /** Multipart uploads left unfinished on the server, by bucket name. */
  unfinishedUploads?: Record<string, UnfinishedUpload[]>;
}

/** The in-memory PailApi of component tests, plus what tests need to look inside it. */
export interface FakeApi extends PailApi {
  /** Every call made, in order. */
  readonly calls: Array<{ method: MethodName; args: unknown[] }>;
  callsTo<K extends MethodName>(method: K): Array<Parameters<PailMethods[K]>>;
  /** Sends an event as main would. */
  emit<E extends EventName>(event: E, payload: PailEvents[E]): void;
  /** Makes the next call of `method` fail with `error`. */
  failNext(method: MethodName, error: ApiError): void;
  /** Sends up to `count` held pages of the running listing (all when omitted) and ends it if none remain. */
  releasePages(count?: number): Promise<void>;
  readonly clipboard: string[];
  /** The transfer queue's model: tests move transfers along as the engine would. */
  readonly queue: FakeQueue;
  objects(connectionId: string, bucket: string): FakeObject[];
}

const LOCAL: ConnectionProfile = {
  id: 'local',
  name: 'Local bucket',
  provider: 'local',
  endpoint: 'http://127.0.0.1:9555',
  region: 'us-east-1',
  forcePathStyle: true,
  accessKeyId: 'PAILLOCALKEY',
  secretStorage: 'keychain',
  builtIn: true,
};

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

/** Methods the fake does not model yet. */
function unsupported(): ApiResult<never> {
  return fail('unsupported', 'Not modelled by the fake API.');
}

function fail(code: ApiError['code'], message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

/** The rows of one prefix, as main lists them: folders (common prefixes) and objects, in key order. */
export function entriesUnder(objects: readonly FakeObject[], prefix: string): ObjectEntry[] {
  const folders = new Set<string>();
  const entries: ObjectEntry[] = [];
  for (const object of objects) {
    if (!object.key.startsWith(prefix) || object.key === prefix) continue;
    const rest = object.key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      folders.add(prefix + rest.slice(0, slash + 1));
      continue;
    }
    entries.push({
      key: object.key,
      name: rest,
      kind: 'object',
      size: object.size,
      ...(object.lastModified ? { lastModified: object.lastModified } : {}),
      ...(object.storageClass ? { storageClass: object.storageClass } : {}),
    });
  }
  for (const folder of folders) entries.push({ key: folder, name: folder.slice(prefix.length), kind: 'folder' });
  return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** An in-memory PailApi: real enough behaviour (listing pages, counts, deletes with progress) to drive the UI. */
export function createFakeApi(seed: FakeSeed = {}): FakeApi {
  const calls: Array<{ method: MethodName; args: unknown[] }> = [];
  const clipboard: string[] = [];
  const failures = new Map<MethodName, ApiError>();
  const listeners = new Map<EventName, Set<(event: unknown) => void>>();
  const pageSize = seed.pageSize ?? 1000;
  let connections: ConnectionProfile[] = [
    LOCAL,
    ...(seed.connections ?? []).map((c) => ({
      provider: 'aws' as const,
      endpoint: '',
      region: 'us-east-1',
      forcePathStyle: false,
      accessKeyId: 'AKIAEXAMPLE',
      secretStorage: 'keychain' as const,
      ...c,
    })),
  ];
  const buckets = new Map<string, Map<string, FakeObject[]>>();
  for (const [connectionId, byBucket] of Object.entries(seed.buckets ?? {})) {
    buckets.set(connectionId, new Map(Object.entries(byBucket).map(([name, objects]) => [name, [...objects]])));
  }
  const protectedLinks: ProtectedLink[] = [];
  const cors = new Map<string, BucketCorsRule[]>();
  let settings: Settings = { theme: 'system', linkExpirySeconds: 3600, transferFilesAtOnce: 4, transferPartsPerFile: 4 };
  let local: LocalBucketStatus = {
    state: 'running',
    endpoint: 'http://127.0.0.1:9555',
    port: 9555,
    dataDir: '/home/me/.pail/local-bucket',
    accessKeyId: 'PAILLOCALKEY',
  };
  let held: { listingId: string; pages: ObjectEntry[][]; loaded: number; finish: (cancelled: boolean) => void } | null = null;
  let connectionSerial = 0;

  function emit<E extends EventName>(event: E, payload: PailEvents[E]): void {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  }
  const queue = createFakeQueue((change) => emit('didChangeTransfers', change), seed.unfinishedUploads);

  function bucketObjects(connectionId: string, bucket: string): FakeObject[] | null {
    return buckets.get(connectionId)?.get(bucket) ?? null;
  }

  function selected(selection: ObjectSelection): FakeObject[] {
    const all = bucketObjects(selection.connectionId, selection.bucket) ?? [];
    return all.filter((o) => selection.keys.includes(o.key) || selection.prefixes.some((p) => o.key.startsWith(p)));
  }

  function profileFrom(id: string, input: ConnectionInput): ConnectionProfile {
    return {
      id,
      name: input.name,
      provider: input.provider,
      endpoint: input.endpoint ?? '',
      region: input.region ?? 'us-east-1',
      forcePathStyle: input.forcePathStyle ?? false,
      accessKeyId: input.accessKeyId,
      secretStorage: 'keychain',
      ...(input.accountId ? { accountId: input.accountId } : {}),
    };
  }

  function changedConnections(): void {
    emit('didChangeConnections', connections);
  }

  const methods: { [K in MethodName]: (...args: Parameters<PailMethods[K]>) => Promise<ApiResult<ReturnType<PailMethods[K]>>> } = {
    async getAppInfo() {
      return ok({ version: '0.1.0', transport: 'electron', secretStorage: 'keychain', ...seed.appInfo });
    },
    async listConnections() {
      return ok(connections);
    },
    async addConnection(input) {
      const profile = profileFrom(`conn-${++connectionSerial}`, input);
      connections = [...connections, profile];
      buckets.set(profile.id, new Map());
      changedConnections();
      return ok(profile);
    },
    async updateConnection(id, input) {
      const profile = profileFrom(id, input);
      connections = connections.map((c) => (c.id === id ? profile : c));
      changedConnections();
      return ok(profile);
    },
    async removeConnection(id) {
      connections = connections.filter((c) => c.id !== id);
      changedConnections();
      return ok(null);
    },
    async testConnection() {
      return ok(seed.testResult ?? { ok: true, message: 'Connected: 2 buckets.', bucketCount: 2 });
    },
    async listAwsProfiles() {
      return ok(seed.awsProfiles ?? []);
    },
    async importAwsProfile(name) {
      const profile = profileFrom(`aws-${name}`, { name: `AWS ${name}`, provider: 'aws', accessKeyId: 'AKIAIMPORTED' });
      connections = [...connections, profile];
      changedConnections();
      return ok(profile);
    },
    async listBuckets(connectionId) {
      const byBucket = buckets.get(connectionId);
      if (!byBucket) return fail('not-found', 'That connection no longer exists.');
      return ok([...byBucket.keys()].sort().map((name) => ({ name, created: '2024-01-02T03:04:05.000Z' })));
    },
    async createBucket(connectionId, bucket) {
      buckets.get(connectionId)?.set(bucket, []);
      return ok(null);
    },
    async deleteBucket(connectionId, bucket) {
      if ((bucketObjects(connectionId, bucket) ?? []).length > 0) return fail('not-empty', `The bucket “${bucket}” is not empty.`);
      buckets.get(connectionId)?.delete(bucket);
      return ok(null);
    },
    async listObjects(request) {
      const objects = bucketObjects(request.connectionId, request.bucket);
      if (!objects) return fail('not-found', `The bucket “${request.bucket}” does not exist.`);
      const entries = entriesUnder(objects, request.prefix);
      const pages: ObjectEntry[][] = [];
      for (let i = 0; i < entries.length; i += pageSize) pages.push(entries.slice(i, i + pageSize));
      return new Promise((resolve) => {
        held = {
          listingId: request.listingId,
          pages,
          loaded: 0,
          finish(cancelled) {
            held = null;
            resolve(ok({ listingId: request.listingId, count: this.loaded, cancelled }));
          },
        };
        if (!seed.holdListings) void releasePages();
      });
    },
    async cancelListing(listingId) {
      if (held?.listingId === listingId) held.finish(true);
      return ok(null);
    },
    async listFolders(connectionId, bucket, prefix) {
      const objects = bucketObjects(connectionId, bucket);
      if (!objects) return fail('not-found', `The bucket “${bucket}” does not exist.`);
      return ok(entriesUnder(objects, prefix).filter((e) => e.kind === 'folder'));
    },
    async createFolder(connectionId, bucket, key) {
      bucketObjects(connectionId, bucket)?.push({ key, size: 0 });
      return ok(null);
    },
    async countObjects(selection) {
      const found = selected(selection);
      return ok({ count: found.length, bytes: found.reduce((sum, o) => sum + o.size, 0) });
    },
    async deleteObjects(selection) {
      const found = selected(selection);
      const all = bucketObjects(selection.connectionId, selection.bucket) ?? [];
      const gone = new Set(found);
      // Main deletes in batches (S3 takes up to 1,000 keys a request) and reports after each.
      for (let done = 0; done < found.length;) {
        done = Math.min(found.length, done + 200);
        emit('didProgress', {
          operationId: selection.operationId,
          kind: 'delete',
          done,
          total: found.length,
          finished: done === found.length,
        });
        await tick();
      }
      all.splice(0, all.length, ...all.filter((o) => !gone.has(o)));
      return ok({ deleted: found.length });
    },
    async moveObjects(request) {
      const all = bucketObjects(request.connectionId, request.bucket) ?? [];
      let moved = 0;
      for (const object of all) {
        if (object.key === request.from || (request.from.endsWith('/') && object.key.startsWith(request.from))) {
          object.key = request.to + object.key.slice(request.from.length);
          moved++;
        }
      }
      return ok({ moved });
    },
    async getObjectDetails(connectionId, bucket, key) {
      const object = bucketObjects(connectionId, bucket)?.find((o) => o.key === key);
      if (!object) return fail('not-found', `“${key}” no longer exists.`);
      return ok({
        key,
        size: object.size,
        etag: '"abc123"',
        contentType: 'application/octet-stream',
        lastModified: object.lastModified ?? '2024-01-02T03:04:05.000Z',
        storageClass: object.storageClass ?? 'STANDARD',
        metadata: {},
        s3Uri: `s3://${bucket}/${key}`,
        url: `https://${bucket}.example.com/${key}`,
      });
    },
    async getLocalBucketStatus() {
      return ok(local);
    },
    async startLocalBucket() {
      local = { ...local, state: 'running', endpoint: `http://127.0.0.1:${local.port}` };
      emit('didChangeLocalBucket', local);
      return ok(local);
    },
    async stopLocalBucket() {
      local = { ...local, state: 'stopped', endpoint: undefined };
      emit('didChangeLocalBucket', local);
      return ok(local);
    },
    async revealLocalBucketSecret() {
      return ok({ accessKeyId: local.accessKeyId, secretAccessKey: 'local/secret+key' });
    },
    async configureLocalBucket(config) {
      local = { ...local, ...config, endpoint: `http://127.0.0.1:${config.port ?? local.port}` };
      emit('didChangeLocalBucket', local);
      return ok(local);
    },
    async getSettings() {
      return ok(settings);
    },
    async updateSettings(patch) {
      settings = { ...settings, ...patch };
      return ok(settings);
    },
    async writeClipboard(text) {
      clipboard.push(text);
      return ok(null);
    },
    async presignLinks(request) {
      const expiresIn = request.expiresIn ?? settings.linkExpirySeconds;
      if (expiresIn > 604_800) return fail('invalid-input', 'Presigned links can last at most 7 days (604800 seconds).');
      return ok({
        links: request.keys.map((key) => ({
          key,
          url: `https://${request.bucket}.example.com/${key}?X-Amz-Expires=${expiresIn}&X-Amz-Signature=fake`,
        })),
        method: request.method,
        expiresIn,
        expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
        localOnly: request.connectionId === 'local',
        ...(request.method === 'PUT' && request.keys.length === 1
          ? { curl: `curl --fail -X PUT --upload-file FILE 'https://${request.bucket}.example.com/${request.keys[0]}?sig'` }
          : {}),
      });
    },
    async inspectLink(url) {
      if (!url.includes('X-Amz-Credential')) return fail('invalid-input', 'This URL carries no presigned signature.');
      return ok({
        signature: 'SigV4' as const,
        methodHint: 'GET (download)',
        endpoint: new URL(url).origin,
        bucket: 'docs',
        key: 'report.pdf',
        accessKeyId: 'AKIA…MPLE',
        region: 'us-east-1',
        signedAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2026-01-01T01:00:00.000Z',
        expiresIn: 3600,
        signedHeaders: ['host'],
        sessionToken: false,
        responseOverrides: {},
        clockProblem: "By this computer's clock it expired 5 minutes ago.",
      });
    },
    async createProtectedLink(request) {
      const link: ProtectedLink = {
        id: `p${protectedLinks.length + 1}`,
        url: `http://127.0.0.1:7777/s/p${protectedLinks.length + 1}`,
        connectionId: request.connectionId,
        bucket: request.bucket,
        key: request.key,
        fileName: request.key.split('/').pop() ?? request.key,
        createdAt: new Date().toISOString(),
        hasPassword: Boolean(request.password),
        downloads: 0,
        lan: request.lan === true,
        state: 'live',
        log: [],
        ...(request.expiresIn ? { expiresAt: new Date(Date.now() + request.expiresIn * 1000).toISOString() } : {}),
        ...(request.maxDownloads ? { maxDownloads: request.maxDownloads } : {}),
      };
      protectedLinks.unshift(link);
      return ok(link);
    },
    async listProtectedLinks() {
      return ok(protectedLinks);
    },
    async revokeProtectedLink(id) {
      const link = protectedLinks.find((l) => l.id === id);
      if (!link) return fail('not-found', 'That protected link no longer exists.');
      link.state = 'revoked';
      return ok(link);
    },
    async listShareHistory() {
      return ok([]);
    },
    async getBucketCors(_connectionId, bucket) {
      return ok(cors.get(bucket) ?? []);
    },
    async putBucketCors(_connectionId, bucket, rules) {
      cors.set(bucket, rules);
      return ok(null);
    },
    async getPublicUrl(_connectionId, bucket, key) {
      return ok({ url: `https://${bucket}.example.com/${key}`, public: bucket.startsWith('public') });
    },
    async cancelOperation() {
      return unsupported();
    },
    ...queue.methods,
  };

  async function releasePages(count = Infinity): Promise<void> {
    let sent = 0;
    while (held && sent < count && held.pages.length > 0) {
      await tick();
      if (!held) return;
      const entries = held.pages.shift()!;
      held.loaded += entries.length;
      emit('didListPage', { listingId: held.listingId, entries, loaded: held.loaded, done: held.pages.length === 0 });
      sent++;
    }
    if (held && held.pages.length === 0) {
      await tick();
      held?.finish(false);
    }
  }

  const api: Record<string, unknown> = {
    calls,
    clipboard,
    callsTo(method: MethodName) {
      return calls.filter((c) => c.method === method).map((c) => c.args);
    },
    emit,
    failNext(method: MethodName, error: ApiError) {
      failures.set(method, error);
    },
    releasePages,
    queue,
    objects(connectionId: string, bucket: string) {
      return bucketObjects(connectionId, bucket) ?? [];
    },
  };
  for (const name of METHOD_NAMES) {
    api[name] = async (...args: unknown[]) => {
      calls.push({ method: name, args });
      const failure = failures.get(name);
      if (failure) {
        failures.delete(name);
        return { ok: false, error: failure };
      }
      return (methods[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  for (const name of EVENT_NAMES) {
    api[subscriberName(name)] = (listener: (event: unknown) => void) => {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  // Assembled from the contract's name lists, so it has every PailApi member.
  return api as unknown as FakeApi;
}

/** `count` objects named file-00001.txt…, for big-listing tests. */
export function manyObjects(count: number, prefix = ''): FakeObject[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `${prefix}file-${String(i + 1).padStart(5, '0')}.txt`,
    size: (i % 97) * 1000,
    lastModified: '2024-03-04T05:06:07.000Z',
    storageClass: 'STANDARD',
  }));
}
