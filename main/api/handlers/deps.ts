import type { ConnectionStore } from '../../services/credentials/connection-store.js';
import type { SecretStore } from '../../services/credentials/secret-store.js';
import type { EventSink } from '../../services/events/event-sink.js';
import type { OperationRegistry } from '../../services/operations/index.js';
import type { LocalBucketManager } from '../../services/local-bucket/local-bucket-manager.js';
import type { ObjectStreams, TransferEngine } from '../../services/transfers/index.js';
import type { ClientRegistry } from '../../services/s3/client-registry.js';
import type { SettingsStore } from '../../services/settings/settings-store.js';
import type { SharingService } from '../../services/sharing/sharing-service.js';
import type { ErrorLog } from '../to-api-error.js';

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
  sharing: SharingService;
  /** Long jobs (delete, move, transfers): cancel by id, coalesced progress. */
  operations: OperationRegistry;
  /** Where internal errors (bugs) are logged; stderr when absent. */
  log?: ErrorLog;
  writeClipboard?: (text: string) => Promise<void>;
  /** Opens a local file with the system's app (Electron: shell.openPath); absent in browser mode. */
  openPath?: (path: string) => Promise<void>;
  /** Starts the OS drag of a local file out of the window (Electron: webContents.startDrag); absent in browser mode. */
  startDrag?: (path: string) => Promise<void>;
  transfers: TransferEngine;
  objectStreams: ObjectStreams;
}
