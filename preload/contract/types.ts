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
  /** Lifetime of "Copy presigned link" links, in seconds (default 3600). */
  linkExpirySeconds: number;
  /** Transfers moving at once, 1..16 (default 4); applied to the running queue. */
  transferFilesAtOnce: number;
  /** Parts of one file moving at once, 1..16 (default 4); applied to transfers that start after a change. */
  transferPartsPerFile: number;
}

/** Facts about the running app the UI adapts to. */
export interface AppInfo {
  version: string;
  transport: 'electron' | 'browser';
  /** Where new secrets go: the OS keychain, Electron safeStorage, or this session only. */
  secretStorage: SecretStorage;
}

/** A presigned link to make: GET (download) or PUT (upload) for one or more keys of a bucket. */
export interface PresignRequest {
  connectionId: string;
  bucket: string;
  keys: string[];
  method: 'GET' | 'PUT';
  /** Seconds, 1..604800; the `linkExpirySeconds` setting when absent. */
  expiresIn?: number;
  /** PUT: the Content-Type the upload must carry (signed, so another type is refused). */
  contentType?: string;
  /** GET: force a download saved under this file name. */
  downloadAs?: string;
  /** GET: the Content-Type the download is served with. */
  responseContentType?: string;
}

/** Signed links and everything honest about their lifetime. */
export interface PresignResult {
  links: { key: string; url: string }[];
  method: 'GET' | 'PUT';
  /** The lifetime the links really have, in seconds (may be shorter than asked; see clampReason). */
  expiresIn: number;
  /** ISO date of the expiry. */
  expiresAt: string;
  /** Why the links last shorter than asked (temporary credentials). */
  clampReason?: string;
  /** About temporary credentials whose end is unknown. */
  credentialsNote?: string;
  /** Server clock minus ours, in seconds, when it could be measured. */
  clockSkewSeconds?: number;
  /** Present when the clocks differ by more than 5 minutes. */
  skewWarning?: string;
  /** The endpoint is this computer (127.0.0.1): the links work on this computer only. */
  localOnly: boolean;
  /** PUT, one key: the curl command that uploads a file with the link. */
  curl?: string;
}

/** An object's plain URL and whether it answers without signature (public). */
export interface PublicUrlInfo {
  url: string;
  public: boolean;
}

/** What a pasted presigned URL says about itself (decoded offline; nothing is sent). */
export interface InspectedLink {
  signature: 'SigV4' | 'SigV2';
  /** "GET (download)", "PUT (upload)"… — a hint: the method is not in the URL itself. */
  methodHint: string;
  endpoint: string;
  bucket?: string;
  key?: string;
  /** The access key id with its middle masked: AKIA…WXYZ. */
  accessKeyId: string;
  region?: string;
  /** ISO date the link was signed (SigV4 only). */
  signedAt?: string;
  /** ISO date the link stops working. */
  expiresAt: string;
  /** Seconds it was signed to live (SigV4 only). */
  expiresIn?: number;
  signedHeaders: string[];
  sessionToken: boolean;
  /** response-content-disposition and friends: what the download is served as. */
  responseOverrides: Record<string, string>;
  /** By this computer's clock: already expired, or signed in the future (a skewed clock). */
  clockProblem?: string;
}

/** A protected link to create: served by Pail's share server, not by the storage provider. */
export interface ProtectedLinkRequest {
  connectionId: string;
  bucket: string;
  key: string;
  /** Seconds until it ends; absent: until revoked. No 7-day limit. */
  expiresIn?: number;
  /** Asked for on the download page; stored only as a salted scrypt hash. */
  password?: string;
  /** The most downloads allowed; absent: no limit. */
  maxDownloads?: number;
  /** Serve on the local network (all interfaces) instead of this computer only. */
  lan?: boolean;
}

/** One download through a protected link. */
export interface DownloadLogEntry {
  /** ISO date. */
  time: string;
  address: string;
  userAgent: string;
}

/** A protected link as its owner sees it (never its password). */
export interface ProtectedLink {
  id: string;
  url: string;
  connectionId: string;
  bucket: string;
  key: string;
  fileName: string;
  size?: number;
  createdAt: string;
  expiresAt?: string;
  hasPassword: boolean;
  maxDownloads?: number;
  downloads: number;
  lan: boolean;
  state: 'live' | 'expired' | 'revoked' | 'used-up';
  log: DownloadLogEntry[];
}

/** One link in the share history: what was made, never its signature or password. */
export interface ShareHistoryEntry {
  id: string;
  kind: 'download' | 'upload' | 'protected';
  connectionId: string;
  bucket: string;
  key: string;
  createdAt: string;
  expiresAt?: string;
  state: 'live' | 'expired' | 'revoked' | 'used-up';
  /** What "Share again" repeats. */
  settings: { expiresIn?: number; downloadAs?: string; contentType?: string; responseContentType?: string; maxDownloads?: number };
  /** Protected links: downloads so far, and the link's id. */
  downloads?: number;
  protectedId?: string;
}

/** One CORS rule of a bucket: which web origins may call it from a browser, and how. */
export interface BucketCorsRule {
  allowedOrigins: string[];
  allowedMethods: ('GET' | 'PUT' | 'HEAD' | 'POST' | 'DELETE')[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}
