import type { EventHub } from '../services/events/event-sink.js';
import type { SecretStore } from '../services/credentials/secret-store.js';
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
  close(): Promise<void>;
}
