/** Storage providers with presets in the connection form. `local` is the embedded local bucket. */
export type ProviderKind = 'aws' | 'r2' | 'b2' | 'wasabi' | 'spaces' | 'minio' | 'custom' | 'local';

/** Where a connection's secret lives. `session`: memory only, forgotten when Pail quits. */
export type SecretStorage = 'keychain' | 'safe-storage' | 'session';

/** A saved connection. Never carries its secret. */
export interface ConnectionProfile {
  id: string;
  name: string;
  provider: ProviderKind;
  /** Empty for AWS (the SDK picks the regional endpoint). */
  endpoint: string;
  region: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  /** Cloudflare R2 account id, from which the endpoint is derived. */
  accountId?: string;
  secretStorage: SecretStorage;
  /** True for the built-in local bucket, which cannot be removed. */
  builtIn?: boolean;
}

/** What the connection form sends to add or edit a connection. */
export interface ConnectionInput {
  name: string;
  provider: ProviderKind;
  region?: string;
  endpoint?: string;
  accountId?: string;
  forcePathStyle?: boolean;
  accessKeyId: string;
  /** Required when adding; when editing, omitted means "keep the stored secret". */
  secretAccessKey?: string;
  sessionToken?: string;
}

/** The outcome of "Test connection", explained in words a person can act on. */
export interface ConnectionTestResult {
  ok: boolean;
  /** On failure: why, as an error code of the contract. */
  code?: import('./errors.js').ApiErrorCode;
  message: string;
  bucketCount?: number;
}

/** A profile found in ~/.aws/credentials or ~/.aws/config. */
export interface AwsProfileCandidate {
  name: string;
  kind: 'static' | 'session' | 'sso' | 'unsupported';
  accessKeyId?: string;
  region?: string;
  /** For SSO and other profiles that cannot be imported as keys: what to run instead. */
  hint?: string;
}

/** A bucket of a connection. */
export interface BucketSummary {
  name: string;
  /** ISO date. */
  created?: string;
}

/** One row of the object list: an object or a folder (common prefix). */
export interface ObjectEntry {
  /** Full key; for folders the prefix including its trailing delimiter. */
  key: string;
  /** The last path segment, as shown. */
  name: string;
  kind: 'object' | 'folder';
  size?: number;
  /** ISO date. */
  lastModified?: string;
  storageClass?: string;
  etag?: string;
}

/** What to list: one prefix of one bucket, with a caller-chosen id used by progress events. */
export interface ListingRequest {
  listingId: string;
  connectionId: string;
  bucket: string;
  prefix: string;
}

/** How a listing ended. */
export interface ListingSummary {
  listingId: string;
  count: number;
  cancelled: boolean;
}

/** A page of a running listing (1,000 keys each), streamed as an event. */
export interface ListingPageEvent {
  listingId: string;
  entries: ObjectEntry[];
  /** Rows received so far, this page included. */
  loaded: number;
  done: boolean;
}

/** Everything the properties panel shows about one object. */
export interface ObjectDetails {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  lastModified: string;
  storageClass: string;
  metadata: Record<string, string>;
  /** s3://bucket/key */
  s3Uri: string;
  /** The object's plain URL on its endpoint (works only where the object is public). */
  url: string;
}

/** Which objects and folders an operation acts on. */
export interface ObjectSelection {
  connectionId: string;
  bucket: string;
  keys: string[];
  /** Folders: everything under each prefix is included. */
  prefixes: string[];
}

/** A long operation's id, chosen by the caller, so its progress events can be matched. */
export interface OperationRef {
  operationId: string;
}

/** Progress of a long operation (delete, rename/move). */
export interface OperationProgressEvent {
  operationId: string;
  kind: 'delete' | 'move';
  done: number;
  total: number;
  finished: boolean;
  error?: import('./errors.js').ApiError;
}

/** What a move (rename) does: from a key or folder prefix to another, in one bucket. */
export interface MoveRequest extends OperationRef {
  connectionId: string;
  bucket: string;
  from: string;
  to: string;
}

/** The embedded local bucket's state. */
export interface LocalBucketStatus {
  state: 'running' | 'stopped' | 'starting' | 'error';
  endpoint?: string;
  port: number;
  dataDir: string;
  accessKeyId: string;
  error?: string;
}

/**
 * The local bucket's own key pair, for its owner to use in other tools. Only
 * `revealLocalBucketSecret` returns it: the secret never rides along with status calls or events.
 */
export interface LocalBucketKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Changes to the local bucket's configuration; it restarts to apply them. */
export interface LocalBucketConfig {
  port?: number;
  dataDir?: string;
}

/** Person-facing settings. */
export interface Settings {
  theme: 'system' | 'light' | 'dark';
}

/** Facts about the running app the UI adapts to. */
export interface AppInfo {
  version: string;
  transport: 'electron' | 'browser';
  /** Where new secrets go: the OS keychain, Electron safeStorage, or this session only. */
  secretStorage: SecretStorage;
}
