import type { ApiResult } from './errors.js';
import type {
  AppInfo,
  AwsProfileCandidate,
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
  Settings,
} from './types.js';

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
}

/** Every event main sends to the renderer. */
export interface PailEvents {
  didListPage: ListingPageEvent;
  didProgress: OperationProgressEvent;
  didChangeLocalBucket: LocalBucketStatus;
  didChangeConnections: ConnectionProfile[];
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
  'getLocalBucketStatus',
  'startLocalBucket',
  'stopLocalBucket',
  'configureLocalBucket',
  'revealLocalBucketSecret',
  'getSettings',
  'updateSettings',
  'writeClipboard',
] as const satisfies readonly MethodName[];

export const EVENT_NAMES = [
  'didListPage',
  'didProgress',
  'didChangeLocalBucket',
  'didChangeConnections',
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
