import { MemorySecretStore, type SecretStore } from '../../services/credentials/secret-store.js';

/** The steps of Pail's start after `ready`, as main/app wires them to Electron and the core. */
export interface StartupSteps<W, C> {
  /** Creates the main window, titled as starting; the page loads and asks the core for data. */
  openWindow(): W;
  /** Resolves when the window is on screen (or after a bounded wait: a page that never paints must not stall startup). */
  untilShown(window: W): Promise<unknown>;
  /** The OS keychain through keytar, or undefined (probing can take seconds on Linux). */
  openKeychain(): Promise<SecretStore | undefined>;
  /** Electron's safeStorage, or undefined when it would not protect anything. Only asked when the keychain is unavailable. */
  openFallback(): Promise<SecretStore | undefined>;
  /** Builds the core on the chosen store and starts the local bucket. */
  createCore(secretStore: SecretStore): Promise<C>;
}

/**
 * Window first, services behind it: the window opens and shows, and only then is the keychain
 * probed, safeStorage touched (lazily: only when keytar is unavailable, since on macOS its first
 * use can raise a keychain prompt, which must never come with no window on screen), and the core
 * started. Where secrets go, best first: keychain, safeStorage, this session's memory.
 */
export async function startBehindWindow<W, C>(steps: StartupSteps<W, C>): Promise<{ window: W; core: C }> {
  const window = steps.openWindow();
  await steps.untilShown(window);
  const secretStore = (await openOrUndefined(steps.openKeychain)) ?? (await openOrUndefined(steps.openFallback)) ?? new MemorySecretStore();
  const core = await steps.createCore(secretStore);
  return { window, core };
}

/** A store opener that fails counts as "not available": Pail still starts, with a weaker store. */
async function openOrUndefined(open: () => Promise<SecretStore | undefined>): Promise<SecretStore | undefined> {
  try {
    return await open();
  } catch (error) {
    console.warn(`pail: a secret store could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
