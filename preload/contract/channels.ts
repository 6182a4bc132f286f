import type { ApiResult } from './errors.js';
import type {
  AppInfo,
  AwsProfileCandidate,
  BucketCorsRule,
  InspectedLink,
  ProtectedLink,
  ProtectedLinkRequest,
  ShareHistoryEntry,
  BucketSummary,
  ConnectionInput,
  ConnectionProfile,
  ConnectionTestResult,
  ListingPageEvent,
  ListingRequest,
  ListingSummary,
  LocalBucketConfig,
  LocalBucketKeyPair,
  LocalBucketStatus,
  MoveRequest,
  ObjectDetails,
  ObjectEntry,
  ObjectSelection,
  OperationProgressEvent,
  OperationRef,
  PresignRequest,
  PresignResult,
  PublicUrlInfo,
  Settings,
} from './types.js';
import type {
  ConflictChoice,
  CopyRequest,
  DownloadRequest,
  ObjectStreamTicket,
  TransferDefaults,
  TransferSnapshot,
  TransfersChangedEvent,
  TransferTarget,
  TransferSummary,
  UnfinishedUpload,
  UploadRequest,
} from './transfers.js';

/**
 * Every call the renderer may make, as plain signatures. Both transports (Electron IPC and
 * browser mode over HTTP) carry exactly these, and the main-process handler table implements them.
 */
export interface PailMethods {
  getAppInfo(): AppInfo;

  listConnections(): ConnectionProfile[];
  addConnection(input: ConnectionInput): ConnectionProfile;
  updateConnection(id: string, input: ConnectionInput): ConnectionProfile;
  removeConnection(id: string): null;
  /** Tests a connection before saving it, or a saved one when `existingId` is given (its stored secret is used if the input has none). */
  testConnection(input: ConnectionInput, existingId?: string): ConnectionTestResult;
  listAwsProfiles(): AwsProfileCandidate[];
  importAwsProfile(name: string): ConnectionProfile;

  listBuckets(connectionId: string): BucketSummary[];
  createBucket(connectionId: string, bucket: string): null;
  deleteBucket(connectionId: string, bucket: string): null;

  /** Lists one prefix; pages arrive as `didListPage` events, the summary when it ends. */
  listObjects(request: ListingRequest): ListingSummary;
  cancelListing(listingId: string): null;
  /** The sub-folders of a prefix, for the tree. */
  listFolders(connectionId: string, bucket: string, prefix: string): ObjectEntry[];
  createFolder(connectionId: string, bucket: string, key: string): null;
  /** How many objects (and bytes) a delete would remove, for its confirmation. */
  countObjects(selection: ObjectSelection): { count: number; bytes: number };
  deleteObjects(selection: ObjectSelection & OperationRef): { deleted: number };
  moveObjects(request: MoveRequest): { moved: number };
  getObjectDetails(connectionId: string, bucket: string, key: string): ObjectDetails;
  /** Cancels a long operation (delete, move) by the id its caller chose. */
  cancelOperation(operationId: string): null;

  /**
   * Queues uploads. Browser mode (`files`): the answer lists one transfer per file, each with the
   * `streamPath` the page PUTs that file's bytes to; a file matching an unfinished upload (same
   * destination, name, size and lastModified) resumes it.
   */
  enqueueUploads(request: UploadRequest): { groupId: string; transfers: TransferSummary[] };
  /** Queues downloads of objects and whole folders under a local folder. */
  enqueueDownloads(request: DownloadRequest): { groupId: string };
  /** Queues a copy or move: server-side within one connection, streamed between connections. */
  enqueueCopy(request: CopyRequest): { groupId: string };
  /** The whole queue, for the panel on open (then `didChangeTransfers` events). */
  listTransfers(): TransferSnapshot;
  /** A paused transfer sends no more bytes, not only no new parts. */
  pauseTransfers(target: TransferTarget): null;
  resumeTransfers(target: TransferTarget): null;
  /** Cancelling a multipart upload aborts it on the server: no orphaned parts. */
  cancelTransfers(target: TransferTarget): null;
  /** Retries failed transfers, continuing what was already sent (never a duplicate upload). */
  retryTransfers(target: TransferTarget): null;
  /** Removes finished (done, skipped, cancelled) transfers from the queue. */
  clearFinishedTransfers(): null;
  /** Answers parked conflicts. */
  resolveConflicts(target: TransferTarget, choice: ConflictChoice): null;
  getTransferDefaults(): TransferDefaults;
  /** Multipart uploads in a bucket that were never completed (ListMultipartUploads). */
  listUnfinishedUploads(connectionId: string, bucket: string): UnfinishedUpload[];
  abortUnfinishedUploads(connectionId: string, bucket: string, uploads: { key: string; uploadId: string }[]): { aborted: number };
  /** A one-time streaming path for previewing or saving one object in the page (browser mode). */
  createObjectStream(connectionId: string, bucket: string, key: string, disposition: 'inline' | 'attachment'): ObjectStreamTicket;
  /** Downloads an object to a temporary folder and opens it with the system's app (Electron). */
  openObjectExternally(connectionId: string, bucket: string, key: string): null;
  /**
   * Drags an object out of the window to the desktop (Electron): starts the OS drag from a local
   * copy when one exists (`started: true`); otherwise starts making one in the queue and answers
   * `started: false` — drag again once it is there.
   */
  dragObjectOut(connectionId: string, bucket: string, key: string): { started: boolean };

  getLocalBucketStatus(): LocalBucketStatus;
  startLocalBucket(): LocalBucketStatus;
  stopLocalBucket(): LocalBucketStatus;
  configureLocalBucket(config: LocalBucketConfig): LocalBucketStatus;
  /** The local bucket's key pair, secret included: asked for only when its owner shows or copies it. */
  revealLocalBucketSecret(): LocalBucketKeyPair;

  getSettings(): Settings;
  updateSettings(patch: Partial<Settings>): Settings;

  /** Puts text on the system clipboard (main-only in Electron). */
  writeClipboard(text: string): null;

  /** Signs presigned GET or PUT links (one per key) and says honestly how long they last. */
  presignLinks(request: PresignRequest): PresignResult;
  /** The object's plain URL, and whether it answers anyone without a signature. */
  getPublicUrl(connectionId: string, bucket: string, key: string): PublicUrlInfo;
  /** Decodes a pasted presigned URL (SigV4 or SigV2), offline. */
  inspectLink(url: string): InspectedLink;
  /** Creates a protected link served by Pail itself (password, download limit, no 7-day cap). */
  createProtectedLink(request: ProtectedLinkRequest): ProtectedLink;
  listProtectedLinks(): ProtectedLink[];
  /** Ends a protected link at once. */
  revokeProtectedLink(id: string): ProtectedLink;
  /** Every link made, newest first (no signatures, no passwords). */
  listShareHistory(): ShareHistoryEntry[];
  /** A bucket's CORS rules ([] when it has none). */
  getBucketCors(connectionId: string, bucket: string): BucketCorsRule[];
  /** Replaces a bucket's CORS rules; [] removes them. */
  putBucketCors(connectionId: string, bucket: string, rules: BucketCorsRule[]): null;
}

/** Every event main sends to the renderer. */
export interface PailEvents {
  didListPage: ListingPageEvent;
  didProgress: OperationProgressEvent;
  didChangeLocalBucket: LocalBucketStatus;
  didChangeConnections: ConnectionProfile[];
  /** The queue changed (coalesced: a few events a second at most). */
  didChangeTransfers: TransfersChangedEvent;
}

export type MethodName = keyof PailMethods;
export type EventName = keyof PailEvents;

/** The method names, at run time; the type check below keeps the list complete. */
export const METHOD_NAMES = [
  'getAppInfo',
  'listConnections',
  'addConnection',
  'updateConnection',
  'removeConnection',
  'testConnection',
  'listAwsProfiles',
  'importAwsProfile',
  'listBuckets',
  'createBucket',
  'deleteBucket',
  'listObjects',
  'cancelListing',
  'listFolders',
  'createFolder',
  'countObjects',
  'deleteObjects',
  'moveObjects',
  'getObjectDetails',
  'cancelOperation',
  'enqueueUploads',
  'enqueueDownloads',
  'enqueueCopy',
  'listTransfers',
  'pauseTransfers',
  'resumeTransfers',
  'cancelTransfers',
  'retryTransfers',
  'clearFinishedTransfers',
  'resolveConflicts',
  'getTransferDefaults',
  'listUnfinishedUploads',
  'abortUnfinishedUploads',
  'createObjectStream',
  'openObjectExternally',
  'dragObjectOut',
  'getLocalBucketStatus',
  'startLocalBucket',
  'stopLocalBucket',
  'configureLocalBucket',
  'revealLocalBucketSecret',
  'getSettings',
  'updateSettings',
  'writeClipboard',
  'presignLinks',
  'getPublicUrl',
  'inspectLink',
  'createProtectedLink',
  'listProtectedLinks',
  'revokeProtectedLink',
  'listShareHistory',
  'getBucketCors',
  'putBucketCors',
] as const satisfies readonly MethodName[];

export const EVENT_NAMES = [
  'didListPage',
  'didProgress',
  'didChangeLocalBucket',
  'didChangeConnections',
  'didChangeTransfers',
] as const satisfies readonly EventName[];

type Missing<All, Listed> = Exclude<All, Listed>;
// Fails to compile when a method or event is added to the interfaces but not to the lists.
export const methodListIsComplete: Missing<MethodName, (typeof METHOD_NAMES)[number]> extends never ? true : never = true;
export const eventListIsComplete: Missing<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never = true;

/** The IPC channel of a method: the only place channel names are made. */
export function methodChannel(name: MethodName): string {
  return `pail:${name}`;
}

/** The IPC channel of an event. */
export function eventChannel(name: EventName): string {
  return `pail-event:${name}`;
}

/** The listener-registration function name of an event: `didListPage` → `onDidListPage`. */
export type EventSubscriber<E extends EventName> = `on${Capitalize<E>}`;

export function subscriberName<E extends EventName>(event: E): EventSubscriber<E> {
  return `on${event[0]!.toUpperCase()}${event.slice(1)}` as EventSubscriber<E>;
}

/**
 * The one object the renderer talks to: `window.pail` in Electron, an HTTP + SSE client in
 * browser mode. Every call resolves to an ApiResult; every `onDidX` returns an unsubscribe function.
 */
export type PailApi = {
  [K in MethodName]: (...args: Parameters<PailMethods[K]>) => Promise<ApiResult<ReturnType<PailMethods[K]>>>;
} & {
  [E in EventName as EventSubscriber<E>]: (listener: (event: PailEvents[E]) => void) => () => void;
};
