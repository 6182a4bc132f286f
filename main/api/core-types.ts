import type { EventHub } from '../services/events/event-sink.js';
import type { SecretStore } from '../services/credentials/secret-store.js';
import type { ObjectStreams, TransferEngine } from '../services/transfers/index.js';
import type { HandlerTable } from './handler-table.js';

/** What the host (Electron or browser mode) provides to the core. */
export interface PailCoreOptions {
  /** Settings, profiles, local bucket data: `pailHome()` unless a test gives a temp folder. */
  pailHome: string;
  transport: 'electron' | 'browser';
  /**
   * Extra secret store the host can offer when the OS keychain is unavailable (Electron's
   * safeStorage). The core prefers keytar, then this, then session-only memory.
   */
  fallbackSecretStore?: SecretStore;
  /** Overrides the secret store entirely (tests). */
  secretStore?: SecretStore;
  /** Writes the system clipboard (Electron main); absent in browser mode, where the page does it. */
  writeClipboard?: (text: string) => Promise<void>;
  /** Opens a local file with the system's app (Electron: shell.openPath); absent in browser mode. */
  openPath?: (path: string) => Promise<void>;
  /** Starts the OS drag of a local file out of the window (Electron: webContents.startDrag); absent in browser mode. */
  startDrag?: (path: string) => Promise<void>;
  /** Transfer queue limits and part size (tests use small parts); the defaults otherwise. */
  transfers?: { filesAtOnce?: number; partsPerFile?: number; partSize?: number };
  /** The app version (Electron: app.getVersion()); read from package.json when absent. */
  version?: string;
  /** Where internal errors (bugs) are logged, one line each with the stack; stderr when absent. */
  log?: (line: string) => void;
  /** Start the local bucket at startup (default true). */
  startLocalBucket?: boolean;
}

/** The running core: the handler table, its event hub, and shutdown. */
export interface PailCore {
  handlers: HandlerTable;
  events: EventHub;
  /** The transfer queue; browser mode's stream paths feed it. */
  transfers: TransferEngine;
  /** One-time object stream tickets (browser mode's downloads and previews). */
  objectStreams: ObjectStreams;
  /** Stops the queue (it continues at the next start), flushes its journal, stops the local bucket. */
  close(): Promise<void>;
}
